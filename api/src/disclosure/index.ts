/**
 * Selective disclosure of the invoices behind a voucher (field-commitment.ts says how an invoice is committed to
 * so that one field can be opened alone).
 */
import type { DomainModuleFactory } from "../domain/module";
import { DisclosureRepository } from "./disclosure.repository";
import { disclosureRoutes } from "./disclosure.routes";
import { DisclosureService } from "./disclosure.service";

export const disclosureModule: DomainModuleFactory = (ctx) => ({
  name: "disclosures",
  routes: disclosureRoutes(
    ctx.guard,
    new DisclosureService(new DisclosureRepository(ctx.platform.db.prisma), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock),
  ),
});
