export { deliverWithRetry } from "./act/deliver-with-retry.js";
export type { DeliveryOutcome } from "./act/delivery-outcome.js";
export {
  type ExecOptions,
  type ExecOutcome,
  type ExecRemedy,
  execExecutor,
  runExec,
} from "./act/exec-executor.js";
export type { Executor, Remedy, RemedyOutcome } from "./act/executor.js";
export { type HttpRemedy, type HttpRemedyOutcome, httpExecutor, runHttpRemedy } from "./act/http-executor.js";
export { postJson } from "./act/post-json.js";
export { createWebhookNotifier, type WebhookNotifier } from "./act/webhook-notifier.js";
export { probeHttp } from "./collect/http-probe.js";
export type { ProbeResult } from "./collect/probe-result.js";
export { probeTcp } from "./collect/tcp-probe.js";
