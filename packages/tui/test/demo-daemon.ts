// A fake daemon with the demo incidents, for looking at `orbt` by hand:
//   npx tsx packages/tui/test/demo-daemon.ts 7171 [token]
import { startFakeDaemon } from "@orbt/sdk";
import { DEMO_EVENTS, DEMO_START_MS, demoInitialState } from "./support/demo-state.js";

const port = Number(process.argv[2] ?? 7171);
const token = process.argv[3];
let clockMs = DEMO_START_MS + 30_000;
const daemon = await startFakeDaemon({
  state: demoInitialState(),
  port,
  now: () => clockMs,
  ...(token === undefined ? {} : { token }),
});
for (const { at, event } of DEMO_EVENTS) daemon.publish(event, at);
console.log(`fake orbtd on ${daemon.url}, seq ${daemon.getSeq()}`);

const TICK_MS = 2000;
setInterval(() => {
  clockMs += TICK_MS;
  daemon.publish({ type: "Tick" }, clockMs);
}, TICK_MS);
