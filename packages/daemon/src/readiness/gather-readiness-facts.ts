import { stat } from "node:fs/promises";
import { basename, extname, join, relative } from "node:path";
import {
  assessReadiness,
  DRILL_WINDOW_MS,
  Drill,
  measureSli,
  type ReadinessAssessment,
  type ReadinessFacts,
  summarizeDrills,
} from "@orbt/core";
import type { Setup } from "../commands/load-setup.js";
import { backupDirOf } from "../config/backup-config.js";
import type { OrbtConfig, ServiceConfig } from "../config/orbt-config.js";
import type { ProbeHistory } from "../signals/checks/probe-history.js";
import { readCertificateExpiry, type TlsTarget } from "../signals/checks/tls-probe.js";
import { DEFAULT_RULES_FILE } from "../signals/rules/default-rules.js";
import { runRuleTestFile } from "../signals/rules/run-rule-test-file.js";
import { listBackups } from "../store/backup-sqlite.js";
import { openKysely } from "../store/open-store.js";
import { readLastRestoreAt } from "../store/restore-log.js";
import { createStoreQueries } from "../store/store-queries.js";

const DAY_MS = 86_400_000;
/** The window SLAs are judged met over: the probes of the last day. */
const SLA_WINDOW_MS = DAY_MS;

export type ReadinessSources = {
  readonly now: number;
  /** A running daemon's probes; absent offline (`orbtd readiness`), where nothing was measured. */
  readonly probes?: Pick<ProbeHistory, "probesOf">;
  /** A fresh handshake with a tls check's target: its certificate's end, or null. */
  readonly readCertificateExpiry: (
    target: TlsTarget & { readonly timeoutMs: number },
  ) => Promise<number | null>;
};

/** `rules/api.rules.yml` is tested by `rules/api.rules.test.yml`, next to it. */
function ruleTestFileOf(ruleFile: string): string {
  const extension = extname(ruleFile);
  return join(ruleFile, "..", `${basename(ruleFile, extension)}.test${extension}`);
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() === true;
}

async function ruleFileFacts(setup: Setup): Promise<ReadinessFacts["ruleFiles"]> {
  const { baseDir } = setup;
  const files = [...new Set(setup.ruleGroups.map((loaded) => loaded.file))].filter(
    (file) => file !== DEFAULT_RULES_FILE,
  );
  return Promise.all(
    files.map(async (file) => {
      const testFile = ruleTestFileOf(file);
      const shown = { file: relative(baseDir, file), testFile: relative(baseDir, testFile) };
      if (!(await isFile(testFile))) return { ...shown, testFile: null, testErrors: null };
      return { ...shown, testErrors: [...(await runRuleTestFile(testFile)).errors] };
    }),
  );
}

function hasScalingRemedy(config: OrbtConfig, service: ServiceConfig): boolean {
  return config.remedies.some(
    (remedy) => remedy.solution === "resource_scaling" && remedy.service === service.name,
  );
}

function serviceFacts(config: OrbtConfig, sources: ReadinessSources): ReadinessFacts["services"] {
  return config.services.map((service) => ({
    name: service.name,
    hasCheck: service.checks.length > 0,
    hasSignalSource:
      service.heartbeat !== undefined || service.scrape.length > 0 || service.requestRateQuery !== undefined,
    sla:
      service.sla === undefined
        ? null
        : { uptimePercent: service.sla.availabilityPercent, latencyP99Ms: service.sla.latencyP99Ms },
    measured: measureSli(sources.probes?.probesOf(service.name, sources.now - SLA_WINDOW_MS) ?? []),
    hasScalingRemedy: hasScalingRemedy(config, service),
  }));
}

async function certificateFacts(
  config: OrbtConfig,
  sources: ReadinessSources,
): Promise<ReadinessFacts["certificates"]> {
  const targets = config.services.flatMap((service) =>
    service.checks.flatMap((check) => (check.kind === "tls" ? [{ service: service.name, check }] : [])),
  );
  return Promise.all(
    targets.map(async ({ service, check }) => {
      const expiresAt = await sources.readCertificateExpiry(check);
      return {
        service,
        target: `${check.host}:${check.port}`,
        daysLeft: expiresAt === null ? null : Math.floor((expiresAt - sources.now) / DAY_MS),
      };
    }),
  );
}

async function backupFacts(config: OrbtConfig, now: number): Promise<ReadinessFacts["backup"]> {
  if (config.backup === null) return null;
  const dir = backupDirOf({ dataDir: config.dataDir, backup: config.backup });
  const restoredAt = await readLastRestoreAt(dir);
  const restoreTestedAgeMs = restoredAt === null ? null : Math.max(0, now - restoredAt);
  const newest = (await listBackups(dir)).at(-1);
  if (newest === undefined) return { dir, newestAgeMs: null, restoreTestedAgeMs };
  const { mtimeMs } = await stat(join(dir, newest));
  return { dir, newestAgeMs: Math.max(0, now - mtimeMs), restoreTestedAgeMs };
}

/**
 * Faults injected and detected by the drills of the last 30 days, read from the store without writing
 * (a running daemon may hold it); none before the SQLite store's first start, null when it cannot be read.
 */
async function drillFacts(setup: Setup, now: number): Promise<ReadinessFacts["drills"]> {
  const since = now - DRILL_WINDOW_MS;
  if (setup.store.kind === "sqlite" && !(await isFile(setup.store.file))) return { injected: 0, detected: 0 };
  try {
    const db = await openKysely(setup.store, "read_only");
    try {
      const rows = await createStoreQueries(db, setup.store.kind).listDrills({ since });
      const drills = rows.flatMap((row) => {
        const parsed = Drill.safeParse(row.drill);
        return parsed.success ? [parsed.data] : [];
      });
      const summary = summarizeDrills(drills, since, now);
      return { injected: summary.faults_injected, detected: summary.faults_detected };
    } finally {
      await db.destroy();
    }
  } catch {
    return null;
  }
}

/** What a readiness assessment judges, read from the config, its rule files, the backup directory and the checks' targets. */
export async function gatherReadinessFacts(setup: Setup, sources: ReadinessSources): Promise<ReadinessFacts> {
  const { config } = setup;
  return {
    project: config.project,
    environment: config.environment,
    store: setup.store.kind,
    ha: config.ha !== null,
    services: serviceFacts(config, sources),
    ruleFiles: await ruleFileFacts(setup),
    tokens: (config.tokens ?? []).map((token) => ({ name: token.name, role: token.role })),
    listenHost: config.listen.host,
    certificates: await certificateFacts(config, sources),
    drills: await drillFacts(setup, sources.now),
    backup: await backupFacts(config, sources.now),
  };
}

/**
 * The assessment of a setup now, its certificates read by a handshake with each tls check's target, its
 * SLAs judged over the running daemon's `probes` when given.
 */
export async function assessSetupReadiness(
  setup: Setup,
  now: number,
  probes?: Pick<ProbeHistory, "probesOf">,
): Promise<ReadinessAssessment> {
  return assessReadiness(await gatherReadinessFacts(setup, { now, readCertificateExpiry, probes }), now);
}
