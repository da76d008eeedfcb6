import { type Alert, labelsKey } from "@orbt/core";
import type { Logger } from "../../create-logger.js";
import type { AlertForState, RuleGroupForState, RuleGroupRef, Store } from "../../store/store.js";

export type ForStateStore = Pick<Store, "transaction">;

type GroupEntry = {
  readonly group: RuleGroupRef;
  /** What the store holds for the group, by `labelsKey`. */
  saved: ReadonlyMap<string, AlertForState>;
  /** The newest evaluation not written yet. */
  next: { readonly evaluatedAt: number; readonly active: ReadonlyMap<string, AlertForState> } | undefined;
};

function groupKey(group: RuleGroupRef): string {
  return JSON.stringify([group.file, group.name]);
}

function byLabels(alerts: readonly AlertForState[]): Map<string, AlertForState> {
  return new Map(alerts.map((alert) => [labelsKey(alert.labels), alert]));
}

/**
 * Keeps the store's copy of each rule group's pending and firing alerts in step with its evaluations, as
 * Prometheus keeps ALERTS_FOR_STATE, but writing only what changed plus the group's evaluation time (the
 * time a restart counts its downtime from). A group with no such alert costs no write at all. Writes are
 * serialised and coalesced: when the store is slower than the evaluations, only each group's newest state
 * is written, all groups in one transaction.
 */
export class ForStateRecorder {
  readonly #groups = new Map<string, GroupEntry>();
  #writing: Promise<void> | undefined;

  constructor(
    private readonly store: ForStateStore,
    saved: readonly RuleGroupForState[],
    groups: readonly RuleGroupRef[],
    private readonly log: Logger,
  ) {
    for (const group of groups)
      this.#groups.set(groupKey(group), { group, saved: new Map(), next: undefined });
    for (const each of saved) {
      const entry = this.#groups.get(groupKey(each.group));
      if (entry !== undefined) {
        entry.saved = byLabels(each.alerts);
        continue;
      }
      // A group no longer loaded: nothing will restore from it.
      this.#groups.set(groupKey(each.group), {
        group: each.group,
        saved: byLabels(each.alerts),
        next: { evaluatedAt: each.lastEvaluatedAt, active: new Map() },
      });
      this.#write();
    }
  }

  /** The group's alerts after its evaluation at `evaluatedAt`; the pending and firing ones are kept. */
  record(group: RuleGroupRef, evaluatedAt: number, alerts: readonly Alert[]): void {
    const key = groupKey(group);
    const entry = this.#groups.get(key) ?? { group, saved: new Map(), next: undefined };
    this.#groups.set(key, entry);
    const active = new Map<string, AlertForState>();
    for (const alert of alerts) {
      if (alert.state !== "inactive") {
        active.set(labelsKey(alert.labels), { labels: alert.labels, activeAt: alert.activeAtMs });
      }
    }
    if (active.size === 0 && entry.saved.size === 0) {
      entry.next = undefined;
      return;
    }
    entry.next = { evaluatedAt, active };
    this.#write();
  }

  /** Resolves once every state recorded so far is written, or its write failed. */
  async flushed(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  #write(): void {
    this.#writing ??= this.#writeAll().finally(() => {
      this.#writing = undefined;
    });
  }

  async #writeAll(): Promise<void> {
    for (;;) {
      const batch = [...this.#groups.values()].flatMap((entry) => {
        const next = entry.next;
        entry.next = undefined;
        return next === undefined ? [] : [{ entry, next }];
      });
      if (batch.length === 0) return;
      try {
        await this.store.transaction(async (tx) => {
          for (const { entry, next } of batch) {
            if (next.active.size === 0) {
              await tx.forgetAlertForState(entry.group);
              continue;
            }
            const upserts = [...next.active].flatMap(([key, alert]) =>
              entry.saved.get(key)?.activeAt === alert.activeAt ? [] : [alert],
            );
            const deletes = [...entry.saved].flatMap(([key, alert]) =>
              next.active.has(key) ? [] : [alert.labels],
            );
            await tx.saveAlertForState({
              group: entry.group,
              evaluatedAt: next.evaluatedAt,
              upserts,
              deletes,
            });
          }
        });
      } catch (err) {
        // The next evaluation writes its newer state; until then a restart restores from older rows.
        this.log.warn({ err, groups: batch.length }, "alert for-state not saved");
        for (const { entry, next } of batch) entry.next ??= next;
        return;
      }
      for (const { entry, next } of batch) entry.saved = next.active;
    }
  }
}
