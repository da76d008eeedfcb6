import { Text } from "ink";
import type { NotifyReceiversView } from "./use-notify-receivers.js";

type Props = { readonly view: NotifyReceiversView };

/** One line on the overview: failing notification receivers in red, else how many are fine. */
export function NotifyLine({ view }: Props) {
  if (view.error !== null) {
    return <Text dimColor>notifications: status unavailable ({view.error.message})</Text>;
  }
  const receivers = view.receivers ?? [];
  if (receivers.length === 0) return null;
  const failing = receivers.filter((receiver) => receiver.isFailing);
  if (failing.length === 0) {
    return (
      <Text>
        notifications:{" "}
        <Text color="green">
          {receivers.length} receiver{receivers.length === 1 ? "" : "s"} ok
        </Text>
      </Text>
    );
  }
  const described = failing.map(
    (receiver) => `${receiver.name} (${receiver.lastError ?? "failing"}, ${receiver.queueDepth} queued)`,
  );
  return <Text color="red">notifications failing: {described.join(" · ")}</Text>;
}
