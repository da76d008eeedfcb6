import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startDemoControl } from "./demo-control.js";
import { startDemoService } from "./demo-service.js";

const SEND_REMEDY = fileURLToPath(new URL("./send-remedy.js", import.meta.url));
const run = promisify(execFile);
const toClose = [];

afterEach(async () => {
  for (const closable of toClose.splice(0).reverse()) await closable.close();
});

async function startWithControl(name) {
  const service = await startDemoService(name);
  toClose.push(service);
  const control = await startDemoControl([service]);
  toClose.push(control);
  return { service, control };
}

/** send-remedy.js run as orbtd runs an exec remedy: the service and solution in its environment. */
async function sendRemedy(controlUrl, service, solution) {
  const env = { PATH: process.env.PATH, ORBT_SERVICE: service, ORBT_SOLUTION: solution };
  try {
    const { stdout } = await run(process.execPath, [SEND_REMEDY, controlUrl], { env });
    return { code: 0, output: stdout };
  } catch (error) {
    return { code: error.code, output: error.stdout };
  }
}

const healthOf = async (service) => (await fetch(service.healthUrl)).status;

describe("a demo service and the demo's remedy", () => {
  it("stays broken after a remedy that does not cure its fault, and heals after the one that does", async () => {
    const { service, control } = await startWithControl("api");
    expect(await healthOf(service)).toBe(200);
    await service.applyFault({ mode: "failing", says: "stuck", curedBy: "failover_activation" });
    expect(await healthOf(service)).toBe(503);

    expect(await sendRemedy(control.url, "api", "service_restart")).toEqual({
      code: 0,
      output: "api: service_restart ran, but api is still stuck\n",
    });
    expect(await healthOf(service)).toBe(503);
    expect(await sendRemedy(control.url, "api", "failover_activation")).toEqual({
      code: 0,
      output: "api: failover_activation ran; api is healthy again\n",
    });
    expect(await healthOf(service)).toBe(200);
  });

  it("closes its port while down and answers on the same port once healed", async () => {
    const { service, control } = await startWithControl("web");
    await service.applyFault({ mode: "down", says: "crashed", curedBy: "service_restart" });
    await expect(fetch(service.healthUrl)).rejects.toThrow();
    await sendRemedy(control.url, "web", "service_restart");
    expect(await healthOf(service)).toBe(200);
  });

  it("fails a remedy sent to a service the demo does not run", async () => {
    const { control } = await startWithControl("web");
    const sent = await sendRemedy(control.url, "db", "service_restart");
    expect(sent.code).toBe(1);
    expect(sent.output).toContain("no demo service");
  });
});
