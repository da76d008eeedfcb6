import { dirname, resolve } from "node:path";
import { err, ok, type Result } from "@orbt/core";
import type { ConfigProblem } from "../config/config-problem.js";
import { embeddedDefaultConfig } from "../config/embedded-default-config.js";
import { loadConfigFile } from "../config/load-config-file.js";
import type { OrbtConfig } from "../config/orbt-config.js";
import { resolveStoreOptions, STORE_URL_VARIABLE } from "../config/resolve-store-options.js";
import { defaultRuleGroups } from "../signals/rules/default-rules.js";
import { loadRuleFiles } from "../signals/rules/load-rule-files.js";
import type { LoadedRuleGroup } from "../signals/rules/loaded-rule-group.js";
import type { StoreOptions } from "../store/store.js";

export type Setup = {
  readonly config: OrbtConfig;
  readonly ruleGroups: readonly LoadedRuleGroup[];
  readonly store: StoreOptions;
  /** The config file's directory (the working directory for the embedded config): relative paths start there. */
  readonly baseDir: string;
};

/**
 * The config (the embedded default without a path), the rule files it names, relative to its directory,
 * then the shipped default rules, and the store it runs on, which ORBT_STORE_URL may choose instead.
 */
export async function loadSetup(configPath: string | undefined): Promise<Result<Setup, ConfigProblem[]>> {
  const loaded = configPath === undefined ? ok(embeddedDefaultConfig()) : await loadConfigFile(configPath);
  if (!loaded.ok) return loaded;
  const baseDir = configPath === undefined ? process.cwd() : dirname(resolve(configPath));
  const rules = await loadRuleFiles(baseDir, loaded.value.ruleFiles);
  if (!rules.ok) return rules;
  const store = resolveStoreOptions(loaded.value, process.env[STORE_URL_VARIABLE]);
  if (!store.ok) return err([store.error]);
  // Checked here, where ORBT_STORE_URL is known too: both choose Postgres.
  if (store.value.kind === "postgres" && loaded.value.backup !== null) {
    const isFromEnvironment = loaded.value.store === undefined;
    return err([
      {
        code: "invalid_value",
        file: isFromEnvironment ? STORE_URL_VARIABLE : (configPath ?? "orbt.yaml"),
        line: 0,
        path: "backup",
        message: `expected only with the SQLite store, not Postgres (from ${isFromEnvironment ? STORE_URL_VARIABLE : "store.postgres"}): back Postgres up with pg_dump`,
      },
    ]);
  }
  if (store.value.kind !== "postgres" && loaded.value.ha !== null) {
    return err([
      {
        code: "invalid_value",
        file: configPath ?? "orbt.yaml",
        line: 0,
        path: "ha.enabled",
        message: `expected only with a Postgres store (store.postgres or ${STORE_URL_VARIABLE}): the HA pair shares one database, and SQLite is one file on one host`,
      },
    ]);
  }
  const ruleGroups = [...rules.value, ...defaultRuleGroups(loaded.value.defaultRules, loaded.value.services)];
  return ok({ config: loaded.value, ruleGroups, store: store.value, baseDir });
}
