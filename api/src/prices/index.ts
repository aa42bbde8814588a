/** Commodity prices of the day, posted on the ledger by publishers the operator appoints. */
import type { DomainModuleFactory } from "../domain/module";
import { priceActions } from "./price.actions";
import { PriceRepository } from "./price.repository";
import { priceRoutes } from "./price.routes";
import { PriceService } from "./price.service";

export const pricesModule: DomainModuleFactory = (ctx) => {
  const { db, ledger } = ctx.platform;
  const service = new PriceService(ledger, new PriceRepository(db.prisma), ctx.organisations, ctx.clock, ctx.afterLedgerWrite);
  return { name: "prices", routes: priceRoutes(ctx.guard, ctx.dual, service), actions: priceActions(service) };
};
