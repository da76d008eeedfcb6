import { join } from "node:path";
import type { Incident, IncidentResponse, IncidentsResponse } from "@orbt/core";
import { getJson, type killAfterEach, makeWorkDir, type OrbtdProcess, writeConfig } from "./orbtd-process.js";
import { freePort } from "./ports.js";
import { waitFor } from "./wait-for.js";

/** orbtd on a free port with data in a fresh directory and `yaml` for the rest; no rule file anywhere. */
export async function startOrbtdWith(
  daemons: ReturnType<typeof killAfterEach>,
  yaml: (self: { readonly url: string; readonly dir: string }) => string | Promise<string>,
): Promise<OrbtdProcess & { readonly dir: string }> {
  const dir = await makeWorkDir();
  const port = await freePort();
  const base = `listen: 127.0.0.1:${port}\ndata_dir: ${JSON.stringify(join(dir, "data"))}\notlp: false\n`;
  const rest = await yaml({ url: `http://127.0.0.1:${port}`, dir });
  return { ...(await daemons.start(await writeConfig(dir, `${base}${rest}`))), dir };
}

/** The incident of `service` with `symptom`, once one opened. */
export function incidentOf(url: string, service: string, symptom: string): Promise<Incident> {
  return waitFor(`a ${symptom} incident of ${service}`, async () => {
    const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`);
    const found = incidents.find((incident) => incident.service === service && incident.symptom === symptom);
    if (found === undefined) return undefined;
    return (await getJson<IncidentResponse>(`${url}/api/v1/incidents/${found.id}`)).incident;
  });
}
