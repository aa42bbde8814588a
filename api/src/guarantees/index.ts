/** Guarantees (担保) of banks' claims: issue, demand on default, recourse and its recovery, release. */
import type { DomainModuleFactory } from "../domain/module";
import { guaranteeActions } from "./guarantee.actions";
import { GuaranteeRepository } from "./guarantee.repository";
import { guaranteeRoutes } from "./guarantee.routes";
import { GuaranteeService } from "./guarantee.service";

export const guaranteesModule: DomainModuleFactory = (ctx) => {
  const { db, ledger } = ctx.platform;
  const service = new GuaranteeService(ledger, new GuaranteeRepository(db.prisma), ctx.organisations, ctx.clock, ctx.afterLedgerWrite);
  return { name: "guarantees", routes: guaranteeRoutes(ctx.guard, ctx.dual, service), actions: guaranteeActions(service) };
};
