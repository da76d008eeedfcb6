import type { EngineState, IncidentHistory } from "@orbt/core";
import type { StreamStatus } from "@orbt/sdk";
import { useEffect, useState } from "react";
import type { TuiStream } from "./tui-ports.js";

export type StreamView = {
  readonly state: EngineState | null;
  /** Set with the state: both come with the first snapshot. */
  readonly history: IncidentHistory | null;
  readonly seq: number | null;
  readonly status: StreamStatus;
  /** The stream's last complaint (refused connection, bad frame), until it connects again. */
  readonly problem: string | null;
};

function readView(stream: TuiStream): StreamView {
  return {
    state: stream.getState(),
    history: stream.getHistory(),
    seq: stream.getLastSeq(),
    status: stream.getStatus(),
    problem: null,
  };
}

export function useStreamView(stream: TuiStream): StreamView {
  const [view, setView] = useState(() => readView(stream));
  useEffect(() => {
    const offState = stream.onState((state, seq, history) =>
      setView((previous) => ({ ...previous, state, history, seq })),
    );
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
