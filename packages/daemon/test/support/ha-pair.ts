import { join } from "node:path";
import type { StatusResponse } from "@orbt/core";
import { getJson, makeWorkDir, writeConfig } from "./orbtd-process.js";
import { freePort } from "./ports.js";

export type HaStatusOf = NonNullable<StatusResponse["ha"]>;

/** `ha` of `GET /api/v1/status`; throws while the daemon does not answer. */
export async function haStatusOf(url: string): Promise<HaStatusOf> {
  const { ha } = await getJson<StatusResponse>(`${url}/api/v1/status`);
  if (ha === null) throw new Error(`${url} is not one of an HA pair`);
  return ha;
}

/** The config file of node `nodeId` of an HA pair on `connectionString`: its own port and data dir. */
export async function writeHaNodeConfig(options: {
  readonly nodeId: string;
  readonly connectionString: string;
  /** The rest of the config, the same for both nodes. */
  readonly body: string;
}): Promise<string> {
  const dir = await makeWorkDir();
  const head = `listen: 127.0.0.1:${await freePort()}
data_dir: ${JSON.stringify(join(dir, "data"))}
otlp: false
store:
  postgres: ${JSON.stringify(options.connectionString)}
ha:
  enabled: true
  node_id: ${options.nodeId}
`;
  return writeConfig(dir, `${head}${options.body}`);
}
