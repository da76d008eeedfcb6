import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { httpUpstream } from "./http-upstream.js";

/** A port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("httpUpstream", () => {
  it("names the endpoint and the socket's own error when the central daemon cannot be reached", async () => {
    const port = await closedPort();
    const upstream = httpUpstream(`http://127.0.0.1:${port}`, "token");
    const outcome = await upstream.send("web-1", []);
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringMatching(
        new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/v1/upstream/batches: .*ECONNREFUSED`),
      ),
    });
  });
});
