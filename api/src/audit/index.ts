/**
 * The regulator's module: the audit routes (ledger events, voucher traces, reconciliation, the audit log, its
 * verification and anchors), the reports, and the job that anchors the audit log on the ledger.
 */
import { moduleJob, type DomainModule, type DomainModuleFactory } from "../domain/module";
import { PrismaProjectionReader } from "../indexer/indexer.repository";
import type { PeriodicJob } from "../jobs/periodic-job";
import { ReportRepository } from "../reports/report.repository";
import { reportRoutes } from "../reports/report.routes";
import { ReportService } from "../reports/report.service";
import { ANCHOR_EVERY_JOB_INTERVALS, AuditAnchoring, type Anchored } from "./anchoring";
import { auditRoutes } from "./audit.routes";
import { AuditService } from "./audit.service";
import { LedgerEventRepository } from "./ledger-event.repository";

export interface AuditModule extends DomainModule {
  /** The anchoring job, which tests and operations may also run on demand (`runNow`). */
  anchoring: PeriodicJob<Anchored | undefined>;
}

export const auditModule: DomainModuleFactory = (ctx): AuditModule => {
  const { db, ledger, accounts, indexer } = ctx.platform;
  const anchorer = new AuditAnchoring(ctx.audit, ledger, accounts.operator, ctx.afterLedgerWrite);
  const anchoring = moduleJob(ctx, "Audit anchoring", () => anchorer.anchor(), ANCHOR_EVERY_JOB_INTERVALS);
  const audit = new AuditService(new LedgerEventRepository(db.prisma), ctx.audit, new PrismaProjectionReader(db.prisma), indexer, ledger, ctx.clock, ctx.organisations);
  const routes = auditRoutes(ctx.guard, audit, ctx.platform.emitters);
  reportRoutes(routes, new ReportService(new ReportRepository(db.prisma), ctx.organisations));
  return { name: "audit", routes, anchoring, jobs: [anchoring] };
};
