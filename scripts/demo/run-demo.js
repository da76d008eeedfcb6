#!/usr/bin/env node
// `npm run demo`: orbtd, three demo services that break on a timeline (demo-story.js) and the terminal
// UI, in one terminal. Quitting the UI, Ctrl-C, SIGTERM or SIGHUP stops everything and removes the
// temporary directory.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDemoControl } from "./demo-control.js";
import { startDemoService } from "./demo-service.js";
import { DEMO_FAULTS, DEMO_SERVICES } from "./demo-story.js";
import { startDemoDaemon } from "./start-demo-daemon.js";

const ORBT_BIN = fileURLToPath(new URL("../../packages/tui/bin/orbt.js", import.meta.url));

const interrupt = new AbortController();
let tui = null;
for (const name of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(name, () => {
    interrupt.abort(new Error(`stopped by ${name}`));
    tui?.kill("SIGTERM");
  });
}

const dir = await mkdtemp(join(tmpdir(), "orbt-demo-"));
// Undone last first: the UI's daemon before the services it watches.
const undo = [];
let exitCode = 1;
try {
  exitCode = await runDemo();
} catch (error) {
  if (!interrupt.signal.aborted) console.error(`demo: ${error.message}`);
} finally {
  for (const step of undo.reverse()) await step().catch((error) => console.error(`demo: ${error.message}`));
  await rm(dir, { recursive: true, force: true });
}
console.log("demo stopped: orbtd and the demo services are down, their temporary directory removed.");
process.exit(interrupt.signal.aborted ? 130 : exitCode);

async function runDemo() {
  const services = await Promise.all(DEMO_SERVICES.map(startDemoService));
  undo.push(() => Promise.all(services.map((service) => service.close())));
  const control = await startDemoControl(services);
  undo.push(control.close);
  interrupt.signal.throwIfAborted();
  console.log("demo: starting orbtd…");
  const daemon = await startDemoDaemon({ dir, services, controlUrl: control.url, signal: interrupt.signal });
  undo.push(daemon.stop);

  const byName = new Map(services.map((service) => [service.name, service]));
  const timers = DEMO_FAULTS.map((fault) =>
    setTimeout(() => void byName.get(fault.service).applyFault(fault), fault.atMs),
  );
  undo.push(async () => timers.forEach(clearTimeout));
  tui = spawn(process.execPath, [ORBT_BIN, "--url", daemon.url], {
    stdio: "inherit",
    env: { ...process.env, ORBT_TOKEN: daemon.token },
  });
  return new Promise((resolve) => tui.once("exit", (code) => resolve(code ?? 1)));
}
