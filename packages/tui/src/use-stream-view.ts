import type { EngineState } from "@orbt/core";
import type { StreamStatus } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiStream } from "./tui-ports.js";

export type StreamView = {
  readonly state: EngineState | null;
  readonly seq: number | null;
  readonly status: StreamStatus;
  /** The stream's last complaint (refused connection, bad frame), until it connects again. */
  readonly problem: string | null;
};

function readView(stream: TuiStream): StreamView {
  return { state: stream.getState(), seq: stream.getLastSeq(), status: stream.getStatus(), problem: null };
}

export function useStreamView(stream: TuiStream): StreamView {
  const [view, setView] = useState(() => readView(stream));
  useEffect(() => {
    const offState = stream.onState((state, seq) => setView((previous) => ({ ...previous, state, seq })));
    const offStatus = stream.onStatusChange((status) =>
      setView((previous) => ({
        ...previous,
        status,
        problem: status === "connected" ? null : previous.problem,
      })),
    );
    const offError = stream.onError((error) =>
      setView((previous) => ({ ...previous, problem: `${error.code}: ${error.message}` })),
    );
    // The stream may have moved between the first render and this subscription.
    setView(readView(stream));
    return () => {
      offState();
      offStatus();
      offError();
    };
  }, [stream]);
  return view;
}
