import type { HaStatus } from "@orbt/sdk";
import { Text } from "ink";
import { formatClock } from "./format-clock.js";

type Props = { readonly ha: HaStatus };

/** For one of an HA pair: whether this daemon leads or follows, and who leads under which epoch. */
export function HaLine({ ha }: Props) {
  const isLeader = ha.role === "leader";
  return (
    <Text>
      ha: {ha.nodeId}{" "}
      <Text color={isLeader ? "green" : "cyan"} bold>
        {ha.role}
      </Text>
      {isLeader || ha.leader === null ? "" : ` · leader ${ha.leader}`} · epoch {ha.epoch}
      {ha.leaderSince === null ? "" : ` since ${formatClock(ha.leaderSince)}`}
    </Text>
  );
}
