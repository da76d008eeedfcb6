import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { IncidentsResponse } from "@orbt/core";
import { afterEach, expect, it } from "vitest";
import { parse } from "yaml";
import { getJson } from "./support/orbtd-process.js";
import { describeWithPeers, findBinary, TMUX } from "./support/peers.js";
import { descendantsOf, isRunning, type ProcessInfo } from "./support/process-tree.js";
import { startTmuxSession, type TmuxSession } from "./support/tmux-session.js";
import { waitFor } from "./support/wait-for.js";

const RUN_DEMO = fileURLToPath(new URL("../../../scripts/demo/run-demo.js", import.meta.url));
// The story's last fault comes 35s in, and its two strikes each wait out a verify window.
const STORY_TIMEOUT_MS = 120_000;

let session: TmuxSession | undefined;
let dir: string | undefined;
afterEach(async () => {
  await session?.kill();
  session = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** `npm run demo`'s runner in a 160×45 tmux session, its temporary directory made under `demoTmp`. */
async function startDemo(tmux: string) {
  dir = await mkdtemp(join(tmpdir(), "orbt-demo-test-"));
  const demoTmp = join(dir, "tmp");
  await mkdir(demoTmp);
  session = await startTmuxSession(tmux, dir, [process.execPath, RUN_DEMO], { TMPDIR: demoTmp });
  const started = session;
  await waitFor(
    "the terminal UI to connect",
    async () => ((await started.screen()).includes("connected") ? true : undefined),
    60_000,
  );
  const { pid } = await started.pane();
  const children = descendantsOf(pid);
  expect(children.map((child) => child.command)).toEqual(
    expect.arrayContaining([
      expect.stringContaining("orbtd.js start"),
      expect.stringContaining("orbt.js --url"),
    ]),
  );
  return { session: started, demoTmp, processes: [{ pid, command: "run-demo" }, ...children] };
}

/** The demo's daemon, read from the config and log in its temporary directory. */
async function demoDaemon(demoTmp: string): Promise<{ url: string; token: string }> {
  const [demoDir] = await readdir(demoTmp);
  const config = parse(await readFile(join(demoTmp, demoDir!, "orbt.yaml"), "utf8")) as {
    tokens: { token: string }[];
  };
  const log = await readFile(join(demoTmp, demoDir!, "orbtd.log"), "utf8");
  const url = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"orbtd listening"/.exec(log)?.[1];
  if (url === undefined) throw new Error(`no "orbtd listening" line in the demo's log:\n${log}`);
  return { url, token: config.tokens[0]!.token };
}

async function expectAllStopped(demo: { session: TmuxSession; demoTmp: string; processes: ProcessInfo[] }) {
  // The runner gives orbtd 10 s to stop before SIGKILL; on a loaded machine its graceful stop can use them.
  const ended = await waitFor(
    "the demo to exit",
    async () => (await demo.session.pane()).ended ?? undefined,
    30_000,
  );
  expect(ended).toBe("exit 0");
  await waitFor("every process of the demo to end", () =>
    demo.processes.every((process) => !isRunning(process.pid)) ? true : undefined,
  ).catch(() => {
    const left = demo.processes.filter((process) => isRunning(process.pid));
    throw new Error(`still running after the demo exited: ${JSON.stringify(left)}`);
  });
  expect(await readdir(demo.demoTmp)).toEqual([]);
  expect(await demo.session.screen()).toContain("demo stopped");
}

describeWithPeers({ tmux: findBinary(TMUX) }, "npm run demo in a terminal", ({ tmux }) => {
  it(
    "shows a fault healed at strike 1, one at strike 2 and one escalated, then q stops everything",
    async () => {
      const demo = await startDemo(tmux);
      const { url, token } = await demoDaemon(demo.demoTmp);
      const incidentOf = (incidents: IncidentsResponse["incidents"], service: string) =>
        incidents.find((incident) => incident.service === service);
      const incidents = await waitFor(
        "web resolved, api resolved and payments escalated",
        async () => {
          const { incidents } = await getJson<IncidentsResponse>(`${url}/api/v1/incidents`, token);
          const done =
            incidentOf(incidents, "web")?.state === "resolved" &&
            incidentOf(incidents, "api")?.state === "resolved" &&
            incidentOf(incidents, "payments")?.state === "escalated";
          return done ? incidents : undefined;
        },
        STORY_TIMEOUT_MS,
      );
      expect(incidentOf(incidents, "web")).toMatchObject({ strike: 1, resolution: "remedied" });
      expect(incidentOf(incidents, "api")).toMatchObject({ strike: 2, resolution: "remedied" });
      expect(incidentOf(incidents, "payments")).toMatchObject({ strike: 3, status: "RED" });

      await demo.session.sendKeys("2");
      const incidentsScreen = await waitFor("the Incidents screen to list the three", async () => {
        const screen = await demo.session.screen();
        return /payments\s+uptime_problems\s+escalated\s+RED\s+3/.test(screen) ? screen : undefined;
      });
      expect(incidentsScreen).toMatch(/web\s+uptime_problems\s+resolved\s+GREEN\s+1/);
      expect(incidentsScreen).toMatch(/api\s+uptime_problems\s+resolved\s+GREEN\s+2/);

      await demo.session.sendKeys("4");
      const escalationsScreen = await waitFor(
        "the Escalations screen to show the handoff report",
        async () => {
          const screen = await demo.session.screen();
          return screen.includes("Business impact") ? screen : undefined;
        },
      );
      expect(escalationsScreen).toContain("payments");
      expect(escalationsScreen).toContain("strikes_exhausted");

      await demo.session.sendKeys("q");
      await expectAllStopped(demo);
    },
    STORY_TIMEOUT_MS + 90_000,
  );

  it("stops everything on Ctrl-C", async () => {
    const demo = await startDemo(tmux);
    await demo.session.sendKeys("C-c");
    await expectAllStopped(demo);
  }, 90_000);
});
