import type { RuleGroup } from "@orbt/core";

/** A rule group and the file it came from; Prometheus keys groups by both. */
export type LoadedRuleGroup = { readonly file: string; readonly group: RuleGroup };
