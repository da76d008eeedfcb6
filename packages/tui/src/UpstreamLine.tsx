import type { UpstreamStatus } from "@orbt/sdk";
import { Text } from "ink";

type Props = { readonly upstream: UpstreamStatus };

/** For a host daemon: how its reporting to the central daemon goes, and what waits in its outbox. */
export function UpstreamLine({ upstream }: Props) {
  const { transport, outboxDepth, failures, lastError } = upstream;
  const colour = failures > 0 ? "red" : outboxDepth > 0 ? "yellow" : "green";
  const state = failures > 0 ? "failing" : outboxDepth > 0 ? "sending" : "up to date";
  return (
    <Text>
      upstream ({transport}):{" "}
      <Text color={colour} bold>
        {state}
      </Text>{" "}
      · outbox {outboxDepth}
      {failures > 0 ? ` · ${failures} failed attempt${failures === 1 ? "" : "s"}: ${lastError ?? "?"}` : ""}
    </Text>
  );
}
