/** A service with a live incident whose symptom is still reported, since its earliest such incident opened. */
export type FailingService = {
  readonly service: string;
  readonly since: number;
  readonly incidentId: string;
  /** That incident was paged for `cascading_system_failure` already. */
  readonly isCascadePaged: boolean;
};

/**
 * Every failing service, the first to fail first (ties by name), kept in order as incidents change rather
 * than sorted afresh for each step.
 */
export type FailingOrder = {
  readonly list: FailingService[];
  readonly byService: Map<string, FailingService>;
};

function compareFailing(a: FailingService, b: FailingService): number {
  return a.since - b.since || a.service.localeCompare(b.service);
}

function isSameFailing(a: FailingService, b: FailingService): boolean {
  return a.since === b.since && a.incidentId === b.incidentId && a.isCascadePaged === b.isCascadePaged;
}

/** Puts the service in its place in the order, or takes it out when it no longer fails (`failing` undefined). */
export function placeFailing(
  order: FailingOrder,
  service: string,
  failing: FailingService | undefined,
): void {
  const was = order.byService.get(service);
  if (was !== undefined && failing !== undefined && isSameFailing(was, failing)) return;
  if (was !== undefined) {
    order.list.splice(order.list.indexOf(was), 1);
    order.byService.delete(service);
  }
  if (failing === undefined) return;
  let low = 0;
  let high = order.list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareFailing(order.list[middle]!, failing) <= 0) low = middle + 1;
    else high = middle;
  }
  order.list.splice(low, 0, failing);
  order.byService.set(service, failing);
}
