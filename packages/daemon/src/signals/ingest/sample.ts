/** One point of one series, as every receiver hands it to the store; `labels.__name__` is the metric name. */
export type Sample = {
  readonly labels: Readonly<Record<string, string>>;
  readonly timestampMs: number;
  readonly value: number;
};
