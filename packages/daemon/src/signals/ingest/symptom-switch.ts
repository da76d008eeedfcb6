import type { SymptomCleared, SymptomSeen } from "@orbt/core";
import type { SymptomSink } from "./symptom-sink.js";

/**
 * Raises and clears symptoms idempotently: a source already active is not raised again, an inactive one
 * not cleared. Dispatches run one at a time, so two deliveries of one alert (a repeat notification, two HA
 * Alertmanagers) racing in still see each other's outcome.
 */
export class SymptomSwitch {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly sink: SymptomSink) {}

  /** True when this call dispatched the SymptomSeen. */
  raise(seen: Omit<SymptomSeen, "type">): Promise<boolean> {
    return this.#serially(async () => {
      if (this.sink.isSourceActive(seen.service, seen.pattern, seen.source)) return false;
      await this.sink.dispatch({ type: "SymptomSeen", ...seen });
      return true;
    });
  }

  /** True when this call dispatched the SymptomCleared. */
  clear(cleared: Omit<SymptomCleared, "type">): Promise<boolean> {
    return this.#serially(async () => {
      if (!this.sink.isSourceActive(cleared.service, cleared.pattern, cleared.source)) return false;
      await this.sink.dispatch({ type: "SymptomCleared", ...cleared });
      return true;
    });
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    // A failed dispatch fails its own caller, not the ones queued behind it.
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
