import type { EngineState } from "@orbt/core";
import type { StreamStatus } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiStream } from "./tui-ports.js";

export type StreamView = {
  readonly state: EngineState | null;
  readonly seq: number | null;
  readonly status: StreamStatus;
};

function readView(stream: TuiStream): StreamView {
  return { state: stream.getState(), seq: stream.getLastSeq(), status: stream.getStatus() };
}

export function useStreamView(stream: TuiStream): StreamView {
  const [view, setView] = useState(() => readView(stream));
  useEffect(() => {
    const offState = stream.onState((state, seq) => setView((previous) => ({ ...previous, state, seq })));
    const offStatus = stream.onStatusChange((status) => setView((previous) => ({ ...previous, status })));
    // The stream may have moved between the first render and this subscription.
    setView(readView(stream));
    return () => {
      offState();
      offStatus();
    };
  }, [stream]);
  return view;
}
