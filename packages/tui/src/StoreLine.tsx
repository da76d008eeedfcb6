import type { StoreStatusResponse } from "@orbt/sdk";
import { Text } from "ink";
import { formatClock } from "./format-clock.js";
import type { PolledResult } from "./use-polled-result.js";

type Props = { readonly view: PolledResult<StoreStatusResponse> };

/** One line on the overview: the journal's end, the newest checkpoint, what the last start replayed. */
export function StoreLine({ view }: Props) {
  if (view.error !== null) return <Text dimColor>store: status unavailable ({view.error.message})</Text>;
  if (view.value === null) return null;
  const { journal, checkpoint } = view.value;
  const replayed = `last start replayed ${checkpoint.replayedAtStart} row${checkpoint.replayedAtStart === 1 ? "" : "s"}`;
  if (!checkpoint.isEnabled) {
    return (
      <Text dimColor>
        store: journal row {journal.lastSeq} · checkpoints off · {replayed}
      </Text>
    );
  }
  const { last } = checkpoint;
  const over = last === null || last.baseSeq === null ? "" : ` over row ${last.baseSeq}`;
  const newest =
    last === null ? "no checkpoint yet" : `checkpoint at row ${last.seq}${over} (${formatClock(last.at)})`;
  return (
    <Text dimColor>
      store: journal row {journal.lastSeq} · {newest} · {replayed}
    </Text>
  );
}
