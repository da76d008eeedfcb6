import type { SymptomCleared, SymptomSeen } from "@orbt/core";
import type { SymptomSink } from "../../src/signals/ingest/symptom-sink.js";

/** A SymptomSink double that keeps every event and tracks active sources as the engine would. */
export class RecordingSink implements SymptomSink {
  readonly events: (SymptomSeen | SymptomCleared)[] = [];
  readonly #active = new Set<string>();

  async dispatch(event: SymptomSeen | SymptomCleared): Promise<void> {
    this.events.push(event);
    const key = JSON.stringify([event.service, event.pattern, event.source]);
    if (event.type === "SymptomSeen") this.#active.add(key);
    else this.#active.delete(key);
  }

  isSourceActive(service: string, pattern: string, source: string): boolean {
    return this.#active.has(JSON.stringify([service, pattern, source]));
  }
}
