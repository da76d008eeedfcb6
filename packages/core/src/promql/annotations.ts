/** Non-fatal findings of a query, as Prometheus reports them next to the result. */
export type Annotations = { readonly warnings: readonly string[]; readonly infos: readonly string[] };

/** Collects annotations during one evaluation, deduplicated. */
export class AnnotationSink {
  readonly #warnings = new Set<string>();
  readonly #infos = new Set<string>();

  warn(message: string): void {
    this.#warnings.add(`PromQL warning: ${message}`);
  }

  info(message: string): void {
    this.#infos.add(`PromQL info: ${message}`);
  }

  collect(): Annotations {
    return { warnings: [...this.#warnings], infos: [...this.#infos] };
  }
}
