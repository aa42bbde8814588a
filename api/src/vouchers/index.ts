import type { DomainModuleFactory } from "../domain/module";
import { invoiceService } from "../invoices";
import { voucherActions } from "./voucher.actions";
import { VoucherRepository } from "./voucher.repository";
import { voucherRoutes } from "./voucher.routes";
import { VoucherService } from "./voucher.service";
import { VoucherHoldRepository } from "./voucher-hold.repository";
import { VoucherHolds } from "./voucher-holds";

export const vouchersModule: DomainModuleFactory = (ctx) => {
  const vouchers = new VoucherService(new VoucherRepository(ctx.platform.db.prisma), ctx.organisations, invoiceService(ctx), ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock, new VoucherHolds(new VoucherHoldRepository(ctx.platform.db.prisma)));
  return { name: "vouchers", routes: voucherRoutes(ctx.guard, ctx.dual, vouchers), actions: voucherActions(vouchers) };
};
