import type { Span } from "./ast.js";

/** Non-fatal findings of a query, as Prometheus reports them next to the result. */
export type Annotations = { readonly warnings: readonly string[]; readonly infos: readonly string[] };

/** Collects annotations during one evaluation, deduplicated, with `(line:column)` like Prometheus. */
export class AnnotationSink {
  readonly #warnings = new Set<string>();
  readonly #infos = new Set<string>();

  constructor(private readonly query: string | undefined) {}

  warn(message: string, span?: Span): void {
    this.#warnings.add(`PromQL warning: ${message}${this.#position(span)}`);
  }

  info(message: string, span?: Span): void {
    this.#infos.add(`PromQL info: ${message}${this.#position(span)}`);
  }

  #position(span: Span | undefined): string {
    if (span === undefined || this.query === undefined) return "";
    const before = this.query.slice(0, span.from);
    const line = before.split("\n").length;
    const column = span.from - before.lastIndexOf("\n");
    return ` (${line}:${column})`;
  }

  collect(): Annotations {
    return { warnings: [...this.#warnings], infos: [...this.#infos] };
  }
}
