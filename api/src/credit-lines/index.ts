import type { DomainModuleFactory } from "../domain/module";
import { CreditLineRepository } from "./credit-line.repository";
import { creditLineRoutes, registerCreditLineActions } from "./credit-line.routes";
import { CreditLineService } from "./credit-line.service";

export const creditLinesModule: DomainModuleFactory = (ctx) => {
  const lines = new CreditLineService(new CreditLineRepository(ctx.platform.db.prisma), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite);
  registerCreditLineActions(ctx.dual, lines);
  return { name: "credit-lines", routes: creditLineRoutes(ctx.guard, ctx.dual, lines) };
};
