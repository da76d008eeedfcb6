export {
  type ExecOptions,
  type ExecOutcome,
  type ExecRun,
  execExecutor,
  runExec,
} from "./act/exec-executor.js";
export type { Executor, RemedyOutcome } from "./act/executor.js";
export type { RemedyAction } from "./act/executors.js";
export { type HttpRemedyOutcome, type HttpRun, httpExecutor, runHttpRemedy } from "./act/http-executor.js";
export { testCommand } from "./commands/test-command.js";
export { validateCommand } from "./commands/validate-command.js";
export { type ConfigProblem, type ConfigProblemCode, formatConfigProblem } from "./config/config-problem.js";
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
export type { DeliveryOutcome } from "./notify/delivery-outcome.js";
export { postJson } from "./notify/post-json.js";
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
export { probeHttp } from "./signals/checks/http-probe.js";
export type { ProbeResult } from "./signals/checks/probe-result.js";
export { probeTcp } from "./signals/checks/tcp-probe.js";
export { expandGlob, loadRuleFile, loadRuleFiles } from "./signals/rules/load-rule-files.js";
export type { LoadedRuleGroup } from "./signals/rules/loaded-rule-group.js";
export { DEFAULT_EVALUATION_INTERVAL_MS, parseRuleFileText } from "./signals/rules/parse-rule-file-text.js";
export {
  type AlertTransition,
  type RuleEvaluationError,
  RuleScheduler,
  type RuleSchedulerOptions,
} from "./signals/rules/rule-scheduler.js";
export { type RuleTestFileReport, runRuleTestFile } from "./signals/rules/run-rule-test-file.js";
export {
  type ExpositionError,
  type ExpositionFormat,
  scanExposition,
} from "./signals/scrape/scan-exposition.js";
export type { ScrapeError } from "./signals/scrape/scrape-error.js";
export { ScrapeRunner, type ScrapeRunnerOptions } from "./signals/scrape/scrape-runner.js";
export {
  type ScrapeReport,
  TargetScraper,
  type TargetScraperOptions,
} from "./signals/scrape/target-scraper.js";
export { type SeriesAppender, toSeriesAppender } from "./signals/series-appender.js";
export { openStore } from "./store/open-store.js";
export type {
  ActionIntent,
  ActionOutcome,
  ActionRecord,
  ActionState,
  ActionWriteError,
  ActionWriteResult,
  EscalationInput,
  EscalationRecord,
  IncidentRecord,
  JournalEvent,
  JournalEventInput,
  JsonValue,
  ServiceRecord,
  Store,
  StoreKind,
  StoreOptions,
  StoreQueries,
} from "./store/store.js";
