import type { DomainModuleFactory } from "../domain/module";
import { invoiceService } from "../invoices";
import { VoucherRepository } from "./voucher.repository";
import { VOUCHER_ISSUE, voucherRoutes } from "./voucher.routes";
import { VoucherService, type IssueInput } from "./voucher.service";

export const vouchersModule: DomainModuleFactory = (ctx) => {
  const vouchers = new VoucherService(new VoucherRepository(ctx.platform.db.prisma), ctx.organisations, invoiceService(ctx), ctx.platform.ledger, ctx.afterLedgerWrite);
  ctx.dual.register<IssueInput>(VOUCHER_ISSUE, {
    propose: (maker, input) => vouchers.proposeIssue(maker, input),
    execute: (checker, payload) => vouchers.executeIssue(checker, payload),
  });
  return { name: "vouchers", routes: voucherRoutes(ctx.guard, ctx.dual, vouchers) };
};
