import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import { demoConfigText } from "./demo-config.js";
import { DEMO_SERVICES } from "./demo-story.js";

const ORBTD_BIN = fileURLToPath(new URL("../../packages/daemon/bin/orbtd.js", import.meta.url));
const run = promisify(execFile);
let dir;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const storyServices = (names) =>
  names.map((name, index) => ({ name, healthUrl: `http://127.0.0.1:${9000 + index}/healthz` }));

it("fills the demo's config into one orbtd validates, watching every service of the story", async () => {
  dir = await mkdtemp(join(tmpdir(), "orbt-demo-config-"));
  const file = join(dir, "orbt.yaml");
  const text = await demoConfigText({
    token: 'a "quoted" \\ token',
    services: storyServices(DEMO_SERVICES),
    controlUrl: "http://127.0.0.1:9100",
  });
  await writeFile(file, text);
  const { stdout } = await run(process.execPath, [ORBTD_BIN, "validate", "--config", file]);
  expect(stdout.trim()).toBe(`ok: ${file}`);
});

it("refuses a story service the config does not watch", async () => {
  const config = demoConfigText({
    token: "t",
    services: storyServices([...DEMO_SERVICES, "search"]),
    controlUrl: "http://127.0.0.1:9100",
  });
  await expect(config).rejects.toThrow(/^demo config: no .* for search$/);
});
