/**
 * Why a query failed. `parse`: syntax; `type`: well-formed but ill-typed; `execution`: failed while
 * evaluating (e.g. duplicate series); `unsupported`: a feature Orbt leaves out (native histograms, info).
 */
export type PromqlError = {
  readonly code: "parse" | "type" | "execution" | "unsupported";
  readonly message: string;
  /** Character offset into the query, when known. */
  readonly position?: number;
};

/** Thrown inside the evaluator only; the public functions turn it into a `PromqlError` value. */
export class PromqlFailure extends Error {
  constructor(readonly error: PromqlError) {
    super(error.message);
  }
}

export function failExecution(message: string): never {
  throw new PromqlFailure({ code: "execution", message });
}

export function failUnsupported(message: string): never {
  throw new PromqlFailure({ code: "unsupported", message });
}
