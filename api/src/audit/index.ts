/**
 * The regulator's module: the audit routes (ledger events, voucher traces, reconciliation, the audit log, its
 * verification and anchors), the reports, and the job that anchors the audit log on the ledger.
 */
import type { DomainModule, DomainModuleFactory } from "../domain/module";
import { ReportRepository } from "../reports/report.repository";
import { reportRoutes } from "../reports/report.routes";
import { ReportService } from "../reports/report.service";
import { AuditAnchoring } from "./anchoring";
import { auditRoutes } from "./audit.routes";
import { AuditService } from "./audit.service";
import { LedgerEventRepository } from "./ledger-event.repository";

export interface AuditModule extends DomainModule {
  /** The anchoring job, which tests and operations may also run on demand. */
  anchoring: AuditAnchoring;
}

export const auditModule: DomainModuleFactory = (ctx) => {
  const prisma = ctx.platform.db.prisma;
  const anchoring = new AuditAnchoring(ctx);
  const routes = auditRoutes(ctx.guard, new AuditService(ctx, new LedgerEventRepository(prisma), ctx.organisations));
  reportRoutes(routes, new ReportService(new ReportRepository(prisma), ctx.organisations));
  const module: AuditModule = {
    name: "audit",
    routes,
    anchoring,
    start: () => anchoring.start(),
    stop: () => anchoring.stop(),
  };
  return module;
};
