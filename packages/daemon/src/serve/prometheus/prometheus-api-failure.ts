/** Prometheus's `errorType` values (web/api/v1/api.go). */
export type PrometheusErrorType =
  | "bad_data"
  | "execution"
  | "timeout"
  | "canceled"
  | "internal"
  | "unavailable"
  | "not_found";

type FailureStatus = 400 | 404 | 422 | 500 | 503;

const STATUS_OF: Record<PrometheusErrorType, FailureStatus> = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  canceled: 503,
  internal: 500,
  unavailable: 500,
  not_found: 404,
};

/** An error the Prometheus API's one error handler renders as `{status:"error",errorType,error}`. */
export class PrometheusApiFailure extends Error {
  constructor(
    readonly errorType: PrometheusErrorType,
    message: string,
  ) {
    super(message);
  }

  get status(): FailureStatus {
    return STATUS_OF[this.errorType];
  }
}
