import { moduleJob, type DomainModule, type DomainModuleFactory } from "../domain/module";
import { FinancingExpiry, type SweepReport } from "./expiry-job";
import { feeActions } from "./fee.actions";
import { addFeeRoutes } from "./fee.routes";
import { financingActions } from "./financing.actions";
import { FeeService } from "./fee.service";
import { FinancingApproval } from "./financing-approval";
import { FinancingRepository } from "./financing.repository";
import { financingRoutes } from "./financing.routes";
import { FinancingService } from "./financing.service";
import { VoucherHoldRepository } from "../vouchers/voucher-hold.repository";
import { VoucherHolds } from "../vouchers/voucher-holds";

/** The module, with its expiry sweep exposed so that a test (or an operator's tool) can run it once. */
export interface FinancingModule extends DomainModule {
  sweep(): Promise<SweepReport>;
}

export const financingModule: DomainModuleFactory = (ctx): FinancingModule => {
  const { ledger, accounts } = ctx.platform;
  const repo = new FinancingRepository(ctx.platform.db.prisma, ctx.clock, ctx.platform.outbox);
  const service = new FinancingService(repo, ledger, ctx.organisations, ctx.afterLedgerWrite, ctx.clock, new VoucherHolds(new VoucherHoldRepository(ctx.platform.db.prisma)));
  const approval = new FinancingApproval(service, repo, ledger, ctx.dual, ctx.afterLedgerWrite);
  const expiry = new FinancingExpiry(repo, ledger, accounts.operator, ctx.afterLedgerWrite, (m) => ctx.log.warn(m), ctx.clock);
  const job = moduleJob(ctx, "Financing expiry", () => expiry.sweep());
  const fees = new FeeService(ledger, ctx.organisations, ctx.afterLedgerWrite);
  return {
    name: "financing",
    routes: addFeeRoutes(financingRoutes(ctx.guard, service, approval), ctx.dual, fees),
    actions: { ...financingActions(approval), ...feeActions(fees) },
    jobs: [job],
    sweep: () => job.runNow(),
  };
};
