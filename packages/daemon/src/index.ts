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
export {
  type ExpositionError,
  type ExpositionFormat,
  scanExposition,
} from "./collect/scrape/scan-exposition.js";
export type { ScrapeError } from "./collect/scrape/scrape-error.js";
export { ScrapeRunner, type ScrapeRunnerOptions } from "./collect/scrape/scrape-runner.js";
export {
  type ScrapeReport,
  TargetScraper,
  type TargetScraperOptions,
} from "./collect/scrape/target-scraper.js";
export { probeTcp } from "./collect/tcp-probe.js";
export { testCommand } from "./commands/test-command.js";
export { validateCommand } from "./commands/validate-command.js";
export { type ConfigProblem, type ConfigProblemCode, formatConfigProblem } from "./config/config-problem.js";
export { defaultVerifyForMs } from "./config/default-verify-for-ms.js";
export { embeddedDefaultConfig } from "./config/embedded-default-config.js";
export { loadConfigFile } from "./config/load-config-file.js";
export {
  type CheckConfig,
  OrbtConfig,
  type RemedyConfig,
  type ScrapeTargetConfig,
  type ServiceConfig,
  type SymptomMappingConfig,
} from "./config/orbt-config.js";
export { parseConfigText } from "./config/parse-config-text.js";
export { formatDurationMs } from "./duration/format-duration-ms.js";
export { parseDurationMs } from "./duration/parse-duration-ms.js";
export { expandGlob, loadRuleFile, loadRuleFiles } from "./rules/load-rule-files.js";
export type { LoadedRuleGroup } from "./rules/loaded-rule-group.js";
export { DEFAULT_EVALUATION_INTERVAL_MS, parseRuleFileText } from "./rules/parse-rule-file-text.js";
export {
  type AlertTransition,
  type RuleEvaluationError,
  RuleScheduler,
  type RuleSchedulerOptions,
} from "./rules/rule-scheduler.js";
export { type RuleTestFileReport, runRuleTestFile } from "./rules/run-rule-test-file.js";
export { type SeriesAppender, toSeriesAppender } from "./series-appender.js";
export {
  createPrometheusApi,
  type PrometheusApiOptions,
  type PrometheusBuildInfo,
} from "./serve/prometheus/create-prometheus-api.js";
export type { LabelIndex } from "./serve/prometheus/label-index.js";
export type {
  AlertingRuleView,
  AlertView,
  RecordingRuleView,
  RuleGroupView,
  RuleHealth,
  RulesView,
  RuleView,
} from "./serve/prometheus/rules-view.js";
export { openStore } from "./store/open-store.js";
export type {
  ActionIntent,
  ActionOutcome,
  ActionRecord,
  ActionState,
  ActionWriteError,
  ActionWriteResult,
  ApprovalDecideResult,
  ApprovalDecision,
  ApprovalRecord,
  ApprovalRequest,
  EscalationInput,
  EscalationRecord,
  IncidentRecord,
  IncidentState,
  JournalEvent,
  JournalEventInput,
  JsonValue,
  KnowledgeKey,
  KnowledgeOutcome,
  KnowledgeRecord,
  ServiceRecord,
  ServiceStatus,
  SilenceMatcher,
  SilenceRecord,
  Store,
  StoreKind,
  StoreOptions,
  StoreQueries,
} from "./store/store.js";
