#!/usr/bin/env node
// The demo's exec remedy: `node send-remedy.js CONTROL_URL` tells the demo service orbtd names in
// ORBT_SERVICE that the solution in ORBT_SOLUTION ran on it, prints its answer and exits 0 on a 2xx.
const [controlUrl] = process.argv.slice(2);
const { ORBT_SERVICE: service, ORBT_SOLUTION: solution } = process.env;
if (controlUrl === undefined || service === undefined || solution === undefined) {
  console.error("usage: ORBT_SERVICE=NAME ORBT_SOLUTION=NAME send-remedy.js CONTROL_URL");
  process.exit(2);
}
const url = `${controlUrl}/services/${encodeURIComponent(service)}/remedies/${encodeURIComponent(solution)}`;
const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(5_000) });
console.log(await response.text());
process.exit(response.ok ? 0 : 1);
