import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createServer } from "node:tls";
import { generate } from "selfsigned";
import { makeWorkDir } from "./orbtd-process.js";

export type TlsServer = {
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  /** A PEM file holding the server's self-signed certificate, to trust it as a CA. */
  readonly caFile: string;
  close(): Promise<void>;
};

const DAY_MS = 86_400_000;

/**
 * A real TLS server on 127.0.0.1 at an ephemeral port, with a certificate made here for localhost and
 * 127.0.0.1 that expires `validForMs` from now.
 */
export async function startTlsServer(validForMs: number): Promise<TlsServer> {
  const now = Date.now();
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + validForMs),
    extensions: [
      { name: "basicConstraints", cA: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const caFile = join(await makeWorkDir(), "ca.pem");
  await writeFile(caFile, pems.cert);
  const server = createServer({ key: pems.private, cert: pems.cert }, (socket) => socket.end());
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    caFile,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
