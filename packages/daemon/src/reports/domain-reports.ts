import { randomBytes } from "node:crypto";
import {
  buildDomainReport,
  DomainReport,
  type DomainReportSummary,
  renderDomainReportMarkdown,
} from "@orbt/core";
import type { Logger } from "../create-logger.js";
import type { NotificationDelivery } from "../notify/notification-delivery.js";
import type { ReportRecord, Store } from "../store/store.js";
import { gatherReportFacts, type ReportSources } from "./gather-report-facts.js";

export type DomainReportsOptions = {
  readonly sources: ReportSources;
  readonly store: Pick<Store, "insertReport" | "getReport" | "listReports">;
  readonly notifications: Pick<NotificationDelivery, "enqueueReport">;
  readonly log: Logger;
  readonly clock?: () => number;
};

/** Rows are written by this daemon, so a row that does not parse is a bug or a damaged database: it throws. */
function storedReport(row: ReportRecord): DomainReport {
  const parsed = DomainReport.safeParse(row.report);
  if (!parsed.success)
    throw new Error(`report ${row.id}: stored report is not a report: ${parsed.error.message}`);
  return parsed.data;
}

/** Builds domain reports from the running daemon's facts, keeps them in the store, and sends them. */
export class DomainReports {
  readonly #clock: () => number;

  constructor(private readonly options: DomainReportsOptions) {
    this.#clock = options.clock ?? Date.now;
  }

  /** A report over the `windowMs` before now, neither kept nor sent: what dashboards show. */
  async preview(windowMs: number): Promise<DomainReport> {
    const now = this.#clock();
    const request = { id: `current-${now}`, name: "current", windowMs };
    return buildDomainReport(await gatherReportFacts(this.options.sources, request, now), windowMs, now);
  }

  /** Builds one report over the `windowMs` before now, keeps it, and queues it for `receivers`. */
  async build(request: {
    readonly name: string;
    readonly windowMs: number;
    readonly receivers: readonly string[];
  }): Promise<DomainReport> {
    const { sources, store, notifications, log } = this.options;
    const now = this.#clock();
    const id = `rpt-${now}-${randomBytes(3).toString("hex")}`;
    const facts = await gatherReportFacts(
      sources,
      { id, name: request.name, windowMs: request.windowMs },
      now,
    );
    const report = buildDomainReport(facts, request.windowMs, now);
    await store.insertReport({ id, name: report.name, generatedAt: now, report });
    await notifications.enqueueReport(
      {
        kind: "report",
        project: report.project,
        environment: report.environment,
        at: now,
        summary: `Platform report ${report.name}: ${report.project_status.status}, uptime ${report.dashboard.uptime_percent}%`,
        report,
        markdown: renderDomainReportMarkdown(report),
      },
      request.receivers,
    );
    log.info({ report: id, name: report.name, receivers: request.receivers.length }, "report built");
    return report;
  }

  async get(id: string): Promise<DomainReport | undefined> {
    const row = await this.options.store.getReport(id);
    return row === undefined ? undefined : storedReport(row);
  }

  async list(limit: number): Promise<DomainReportSummary[]> {
    const rows = await this.options.store.listReports({ limit });
    return rows.map((row) => {
      const report = storedReport(row);
      return {
        id: report.id,
        name: report.name,
        generated_at: report.generated_at,
        window: report.window,
        status: report.project_status.status,
      };
    });
  }
}
