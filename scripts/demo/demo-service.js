import { createServer } from "node:http";

/**
 * A service for the demo to break: `/healthz` answers 200 while it is healthy. A fault makes it answer
 * 503 (`failing`) or closes its port (`down`) until a remedy arrives whose solution cures that fault.
 */
export async function startDemoService(name) {
  let fault = null;
  let health = healthServer(() => fault);
  const port = await listen(health, 0);

  const applyFault = async (next) => {
    fault = next;
    if (next.mode === "down") await closeServer(health);
  };

  /** What a remedy did: the service heals when `solution` cures its fault; the message is the remedy's output. */
  const applyRemedy = async (solution) => {
    if (fault === null) return `${name}: ${solution} ran; ${name} was healthy already`;
    if (fault.curedBy !== solution) return `${name}: ${solution} ran, but ${name} is still ${fault.says}`;
    const healed = fault;
    fault = null;
    if (healed.mode === "down") {
      health = healthServer(() => fault);
      await listen(health, port);
    }
    return `${name}: ${solution} ran; ${name} is healthy again`;
  };

  return {
    name,
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    applyFault,
    applyRemedy,
    close: async () => {
      if (fault?.mode !== "down") await closeServer(health);
    },
  };
}

function healthServer(currentFault) {
  return createServer((req, res) => {
    const fault = currentFault();
    res.statusCode = req.url === "/healthz" && fault === null ? 200 : 503;
    res.end(fault === null ? "ok\n" : `${fault.says}\n`);
  });
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
