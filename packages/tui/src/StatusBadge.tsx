import type { ServiceStatus } from "@orbt/core";
import { Text } from "ink";

const COLOURS: Record<ServiceStatus, string> = { GREEN: "green", YELLOW: "yellow", RED: "red" };

type Props = { readonly status: ServiceStatus };

export function StatusBadge({ status }: Props) {
  return (
    <Text color={COLOURS[status]} bold>
      {status}
    </Text>
  );
}
