import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { killAfterEach } from "./support/orbtd-process.js";
import { incidentOf, startOrbtdWith } from "./support/orbtd-with-yaml.js";

const CHECK_STATE = fileURLToPath(new URL("./fixtures/check_state.sh", import.meta.url));

const daemons = killAfterEach();

/** Fast probes, so a failing peer opens its incident within a second or two. */
const FAST = "interval: 200ms\n        timeout: 200ms";

describe("each check kind opens an incident against a real peer", () => {
  it("command: a Nagios plugin turning CRITICAL is health_check_failures with its status line", async () => {
    const { url, dir } = await startOrbtdWith(daemons, async ({ dir }) => {
      await writeFile(join(dir, "state"), "0 OK - /var at 40%\n");
      return `services:
  - name: disk
    checks:
      - command: [${JSON.stringify(CHECK_STATE)}, ${JSON.stringify(join(dir, "state"))}]
        ${FAST}
`;
    });
    await writeFile(join(dir, "state"), "2 CRITICAL - /var at 99%\n");
    const incident = await incidentOf(url, "disk", "health_check_failures");
    expect(incident).toMatchObject({ pattern: "uptime_problems", activeSources: ["check:0"] });
    expect(incident.timeline[0]?.message).toContain("CRITICAL (exit 2): STATE CRITICAL - /var at 99%");
  });
});
