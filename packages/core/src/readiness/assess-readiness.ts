import { assertNever } from "../assert-never.js";
import {
  ReadinessArea,
  type ReadinessAreaScore,
  type ReadinessAssessment,
  type ReadinessFacts,
  type ReadinessFinding,
} from "../protocol/readiness.js";

const DAY_MS = 86_400_000;
/** Certificates closer than this to expiry count against security. */
export const CERTIFICATE_MIN_DAYS_LEFT = 14;
/** Drills count towards monitoring effectiveness for this long. */
export const DRILL_WINDOW_MS = 30 * DAY_MS;
/** A backup older than this is not recent. */
export const BACKUP_MAX_AGE_MS = DAY_MS;
/** A restore tested longer ago than this no longer shows that today's backups restore. */
export const RESTORE_TEST_MAX_AGE_MS = 30 * DAY_MS;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

const met = (fact: string, detail: string): ReadinessFinding => ({ fact, status: "met", detail, fix: null });
const missing = (fact: string, detail: string, fix: string): ReadinessFinding => ({
  fact,
  status: "missing",
  detail,
  fix,
});
const unknown = (fact: string, detail: string, fix: string): ReadinessFinding => ({
  fact,
  status: "unknown",
  detail,
  fix,
});

/** One finding per service: met when `holds` is true for it, else missing with the fix for it. */
function perService(
  facts: ReadinessFacts,
  fact: string,
  holds: (service: ReadinessFacts["services"][number]) => boolean,
  fix: (name: string) => string,
): ReadinessFinding[] {
  return facts.services.map((service) =>
    holds(service) ? met(fact, service.name) : missing(fact, service.name, fix(service.name)),
  );
}

/** Whether a measured value keeps its target: uptime at least, latency at most. */
function slaFinding(
  fact: string,
  service: string,
  target: number | null,
  measured: number | null,
  keeps: (measured: number, target: number) => boolean,
  unit: string,
): ReadinessFinding[] {
  if (target === null) return [];
  if (measured === null) {
    return [
      unknown(
        fact,
        `${service}: target ${target}${unit}, nothing measured in the window`,
        "orbtd start with a check on the service; GET /api/v1/readiness judges what the daemon measured",
      ),
    ];
  }
  const detail = `${service}: ${measured}${unit} against ${target}${unit}`;
  return keeps(measured, target)
    ? [met(fact, detail)]
    : [missing(fact, detail, `fix the incidents of ${service} (orbtd query, GET /api/v1/incidents)`)];
}

function availability(facts: ReadinessFacts): ReadinessFinding[] {
  const store =
    facts.store === "postgres"
      ? met("ha_store", "the store is Postgres, shared by daemons")
      : missing("ha_store", "the store is SQLite, one daemon's file", "store: { postgres: postgres://… }");
  const secondDaemon = facts.ha
    ? met(
        "second_daemon",
        "ha is enabled: a second orbtd on the same store takes over when the leader is lost",
      )
    : missing(
        "second_daemon",
        "one daemon acts alone: nothing takes over when it is lost",
        "ha: { enabled: true } on the Postgres store, and a second orbtd with the same config (High availability)",
      );
  const uptime = facts.services.flatMap((service) =>
    slaFinding(
      "sla_uptime_met",
      service.name,
      service.sla?.uptimePercent ?? null,
      service.measured.uptimePercent,
      (m, t) => m >= t,
      "%",
    ),
  );
  return [store, secondDaemon, ...uptime];
}

function performance(facts: ReadinessFacts): ReadinessFinding[] {
  const defined = perService(
    facts,
    "sla_defined",
    (service) => service.sla !== null,
    (name) => `services[${name}].sla: { availability: 99.9, latency_p99: 500ms }`,
  );
  const latency = facts.services.flatMap((service) =>
    slaFinding(
      "sla_latency_met",
      service.name,
      service.sla?.latencyP99Ms ?? null,
      service.measured.latencyP99Ms,
      (m, t) => m <= t,
      "ms",
    ),
  );
  return [...defined, ...latency];
}

function security(facts: ReadinessFacts): ReadinessFinding[] {
  const tokens =
    facts.tokens.length === 0
      ? missing(
          "tokens",
          "no tokens: every request is admin",
          "tokens: [{ name: ops, token_file: /etc/orbt/ops.token, role: operator }]",
        )
      : met("tokens", facts.tokens.map((token) => `${token.name} (${token.role})`).join(", "));
  const nonAdmin = facts.tokens.some((token) => token.role !== "admin");
  const roles =
    facts.tokens.length > 0 && !nonAdmin
      ? [
          missing(
            "token_roles",
            "every token is admin",
            "tokens[].role: viewer or operator for tokens that only read or act",
          ),
        ]
      : [];
  const bind = LOOPBACK_HOSTS.has(facts.listenHost)
    ? met("loopback_bind", `listen on ${facts.listenHost}`)
    : missing(
        "loopback_bind",
        `listen on ${facts.listenHost}, reachable from the network without TLS`,
        "listen: 127.0.0.1:7070, with a TLS proxy in front for remote clients",
      );
  const certificates = facts.certificates.map((certificate) => {
    const where = `${certificate.service} ${certificate.target}`;
    if (certificate.daysLeft === null) {
      return unknown(
        "certificate_expiry",
        `${where}: not probed yet`,
        "orbtd start: the tls check probes it",
      );
    }
    const detail = `${where}: ${Math.floor(certificate.daysLeft)} days left`;
    return certificate.daysLeft > CERTIFICATE_MIN_DAYS_LEFT
      ? met("certificate_expiry", detail)
      : missing("certificate_expiry", detail, `renew the certificate of ${where}`);
  });
  return [tokens, ...roles, bind, ...certificates];
}

function scalability(facts: ReadinessFacts): ReadinessFinding[] {
  return perService(
    facts,
    "scaling_remedy",
    (service) => service.hasScalingRemedy,
    (name) =>
      `remedies: [{ solution: resource_scaling, service: ${name} }] (platform: kubernetes with max_replicas, or an exec/http action)`,
  );
}

function monitoring(facts: ReadinessFacts): ReadinessFinding[] {
  const watched = perService(
    facts,
    "service_watched",
    (service) => service.hasCheck || service.hasSignalSource,
    (name) => `services[${name}].checks: [{ http: { url: … } }] or heartbeat / scrape / request_rate`,
  );
  const rules =
    facts.ruleFiles.length === 0
      ? [
          missing(
            "alert_rules",
            "no rule_files",
            "rule_files: [rules/*.rules.yml], each tested by a rules/NAME.rules.test.yml next to it",
          ),
        ]
      : facts.ruleFiles.map((rule) => {
          if (rule.testFile === null || rule.testErrors === null) {
            const testFile = rule.file.replace(/\.ya?ml$/, ".test.yml");
            return missing(
              "alert_rules_tested",
              `${rule.file}: no test file`,
              `write ${testFile}, run orbtd test rules ${testFile}`,
            );
          }
          return rule.testErrors.length === 0
            ? met("alert_rules_tested", `${rule.file}: ${rule.testFile} passes`)
            : missing(
                "alert_rules_tested",
                `${rule.file}: ${rule.testFile} fails: ${rule.testErrors[0]}`,
                `orbtd test rules ${rule.testFile}`,
              );
        });
  return [...watched, ...rules, drillFinding(facts.drills)];
}

/** Monitoring effectiveness: faults the drills injected that the monitoring detected. */
function drillFinding(drills: ReadinessFacts["drills"]): ReadinessFinding {
  const fact = "monitoring_effectiveness";
  const runDrill =
    "run a drill: orbtd drill SERVICE, with a fault under services[].faults (or schedule one in drills.schedules)";
  if (drills === null) return unknown(fact, "the store could not be read for drills", runDrill);
  if (drills.injected === 0) return missing(fact, "no drill injected a fault in the last 30d", runDrill);
  const detail = `${drills.detected}/${drills.injected} faults detected by drills in the last 30d`;
  return drills.detected === drills.injected
    ? met(fact, detail)
    : missing(
        fact,
        detail,
        "watch what the undetected faults broke (GET /api/v1/drills: a check on that service), then orbtd drill SERVICE again",
      );
}

const RESTORE_DRILL =
  "orbtd restore --from BACKUP --config restore-drill.yaml (its data_dir empty), then orbtd start --config restore-drill.yaml";

function daysAgo(ageMs: number): string {
  const days = Math.floor(ageMs / DAY_MS);
  return days === 0 ? "today" : `${days} day${days === 1 ? "" : "s"} ago`;
}

function restoreTested(dir: string, ageMs: number | null): ReadinessFinding {
  const limitDays = RESTORE_TEST_MAX_AGE_MS / DAY_MS;
  if (ageMs === null) {
    return missing("restore_tested", `no backup in ${dir} was ever restored by orbtd restore`, RESTORE_DRILL);
  }
  const detail = `a backup in ${dir} was restored and verified ${daysAgo(ageMs)}`;
  return ageMs <= RESTORE_TEST_MAX_AGE_MS
    ? met("restore_tested", detail)
    : missing(
        "restore_tested",
        `${detail}, over ${limitDays} days`,
        `${RESTORE_DRILL}, every ${limitDays} days`,
      );
}

function disasterRecovery(facts: ReadinessFacts): ReadinessFinding[] {
  if (facts.store === "postgres") {
    return [
      unknown("backup_recent", "Postgres backups are outside Orbt", "pg_dump on a schedule"),
      unknown(
        "restore_tested",
        "Postgres restores are outside Orbt",
        "pg_restore a dump into a scratch database",
      ),
    ];
  }
  if (facts.backup === null) {
    return [
      missing("backup_configured", "no backup:", 'backup: { schedule: "0 3 * * *", keep: 7 }'),
      missing(
        "restore_tested",
        "no backups to restore",
        `backup: { schedule: "0 3 * * *", keep: 7 }, then ${RESTORE_DRILL}`,
      ),
    ];
  }
  const { dir, newestAgeMs } = facts.backup;
  const recent =
    newestAgeMs === null
      ? missing("backup_recent", `${dir} holds no backup`, "orbtd start: the schedule writes one")
      : newestAgeMs <= BACKUP_MAX_AGE_MS
        ? met("backup_recent", `newest in ${dir} is ${Math.round(newestAgeMs / 3_600_000)}h old`)
        : missing(
            "backup_recent",
            `newest in ${dir} is ${Math.round(newestAgeMs / 3_600_000)}h old`,
            "backup.schedule: at least daily, with the daemon running",
          );
  return [met("backup_configured", dir), recent, restoreTested(dir, facts.backup.restoreTestedAgeMs)];
}

function findingsOf(area: ReadinessArea, facts: ReadinessFacts): ReadinessFinding[] {
  switch (area) {
    case "availability":
      return availability(facts);
    case "performance":
      return performance(facts);
    case "security":
      return security(facts);
    case "scalability":
      return scalability(facts);
    case "monitoring":
      return monitoring(facts);
    case "disaster_recovery":
      return disasterRecovery(facts);
    default:
      return assertNever(area);
  }
}

/** The share of findings met; an area with nothing to judge (no services) scores 0, as nothing is shown ready. */
function scoreOf(findings: readonly ReadinessFinding[]): number {
  if (findings.length === 0) return 0;
  return Math.round((100 * findings.filter((finding) => finding.status === "met").length) / findings.length);
}

/** Scores each area 0-100 as the share of its facts met, and the whole as the mean of the areas. */
export function assessReadiness(facts: ReadinessFacts, now: number): ReadinessAssessment {
  const areas: ReadinessAreaScore[] = ReadinessArea.options.map((area) => {
    const findings = findingsOf(area, facts);
    return { area, score: scoreOf(findings), findings };
  });
  const score = Math.round(areas.reduce((sum, area) => sum + area.score, 0) / areas.length);
  return {
    project: facts.project,
    environment: facts.environment,
    assessed_at: new Date(now).toISOString(),
    score,
    areas,
  };
}
