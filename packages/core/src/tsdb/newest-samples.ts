const INITIAL_SLOTS = 1024;

// Prometheus's staleness marker, a NaN that JS numbers cannot carry; its bits are written through
// a Uint32Array view, in the word order of this machine.
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = IS_LITTLE_ENDIAN ? 1 : 0;
const LO = IS_LITTLE_ENDIAN ? 0 : 1;
const STALE_HI = 0x7ff00000;
const STALE_LO = 0x00000002;

/**
 * Every series' newest sample, time and value side by side in one flat array, by a slot per series:
 * an instant query at the present reads one place per series instead of following it to its head
 * chunk (several dependent memory loads, the cost that dominated a round of rules). Slots of removed
 * series are reused.
 */
export class NewestSamples {
  #samples = new Float64Array(2 * INITIAL_SLOTS);
  #words = new Uint32Array(this.#samples.buffer);
  readonly #free: number[] = [];
  #nextSlot = 0;

  /** A slot for a new series, holding no sample yet. */
  allocate(): number {
    const slot = this.#free.pop() ?? this.#nextSlot++;
    if (2 * slot >= this.#samples.length) this.#grow();
    this.#samples[2 * slot] = Number.NEGATIVE_INFINITY;
    return slot;
  }

  release(slot: number): void {
    this.#free.push(slot);
  }

  set(slot: number, timestampMs: number, value: number, isStale: boolean): void {
    this.#samples[2 * slot] = timestampMs;
    if (!isStale) {
      this.#samples[2 * slot + 1] = value;
      return;
    }
    this.#words[4 * slot + 2 + HI] = STALE_HI;
    this.#words[4 * slot + 2 + LO] = STALE_LO;
  }

  /** The newest sample's time; -Infinity while the series has none. */
  timeMs(slot: number): number {
    return this.#samples[2 * slot]!;
  }

  /** The newest sample's value; NaN for a staleness marker. */
  value(slot: number): number {
    return this.#samples[2 * slot + 1]!;
  }

  isStale(slot: number): boolean {
    return this.#words[4 * slot + 2 + HI] === STALE_HI && this.#words[4 * slot + 2 + LO] === STALE_LO;
  }

  #grow(): void {
    const samples = new Float64Array(this.#samples.length * 2);
    samples.set(this.#samples);
    this.#samples = samples;
    this.#words = new Uint32Array(samples.buffer);
  }
}
