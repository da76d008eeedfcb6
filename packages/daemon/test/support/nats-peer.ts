import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { findNats } from "./peers.js";

/** NATS for the fleet tests: found when it answers and has JetStream enabled. */
export const natsLookup = await findNats(async (url) => {
  const connection = await connect({ servers: url, timeout: 2_000 });
  try {
    await (await jetstreamManager(connection)).getAccountInfo();
  } finally {
    await connection.close();
  }
});
