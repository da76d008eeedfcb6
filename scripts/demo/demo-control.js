import { createServer } from "node:http";

const REMEDY_PATH = /^\/services\/([^/]+)\/remedies\/([^/]+)$/;

/** The port remedies reach the demo services on: `POST /services/NAME/remedies/SOLUTION`. */
export async function startDemoControl(services) {
  const byName = new Map(services.map((service) => [service.name, service]));
  const server = createServer(async (req, res) => {
    const match = REMEDY_PATH.exec(req.url ?? "");
    const service = match === null ? undefined : byName.get(decodeURIComponent(match[1]));
    if (req.method !== "POST" || service === undefined) {
      res.statusCode = 404;
      res.end(`no demo service at ${req.method} ${req.url}\n`);
      return;
    }
    res.end(await service.applyRemedy(decodeURIComponent(match[2])));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
