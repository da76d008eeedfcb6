import { createServer, type Socket } from "node:net";

export type LineServer = {
  readonly address: string;
  /** What it answers each line it receives; null: say nothing and keep the connection open. */
  setAnswer(answer: (line: string) => string | null): void;
  close(): Promise<void>;
};

/** A real TCP server on 127.0.0.1 at an ephemeral port that answers each received line, like Redis's PING. */
export async function startLineServer(answer: (line: string) => string | null): Promise<LineServer> {
  let current = answer;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    let buffered = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
        const reply = current(buffered.slice(0, end).replace(/\r$/, ""));
        buffered = buffered.slice(end + 1);
        if (reply !== null) socket.write(reply);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    setAnswer: (next) => {
      current = next;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
