import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { cstDay } from "../http/cst-day";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { page, uuid } from "../http/schemas";
import { AppError } from "../errors";
import { CLOCK_ADVANCE } from "./clock.actions";
import type { ClockService } from "./clock.service";
import { passReportSchema, slotDetailJson, slotDetailSchema, slotJson, slotSchema } from "./settlement.json";
import { SETTLEMENT_FUND, type SettlementService } from "./settlement.service";
import { SETTLEMENT_PENALTY_RATE } from "./settlement.actions";
import type { PenaltyService } from "./penalty.service";
import { party } from "../http/party";
import { ledgerId } from "../http/schemas";
import { formatYuan } from "../money";
import { LEDGER_LIMITS } from "../../../chain/limits";

const STATUSES = ["funded", "unfunded", "overdue", "settled"] as const;
const MAX_DAYS = 3650;

export function settlementRoutes(guard: Guard, dual: DualControl, settlement: SettlementService, clock: ClockService, penalties: PenaltyService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/settlements/penalty-rates",
        summary: "Core enterprises' penalty rates on funding a maturity late (逾期罚息), basis points a year",
        tags: ["settlement"],
        auth: true,
        responses: { 200: { description: "The rates", schema: z.object({ items: z.array(z.object({ core: party, rateBps: z.number().int() })) }) } },
      },
      async () => ({ items: await penalties.rates() }),
    )
    .add(
      {
        method: "put",
        path: "/settlements/penalty-rate",
        summary: "Propose the program's penalty rate on late funding, 0 for none (the core enterprise's maker; a checker approves)",
        description: "Funding a maturity past its grace period then escrows, with the shortfall, interest at this rate on everything outstanding for each CST day from the maturity. A higher rate applies only to maturities not yet due.",
        tags: ["settlement"],
        auth: true,
        kinds: ["core"],
        roles: ["maker"],
        body: z.strictObject({ rateBps: z.number().int().min(0).max(LEDGER_LIMITS.maxPenaltyRateBps) }),
        responses: { 202: { description: "Proposed; awaiting a checker", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, SETTLEMENT_PENALTY_RATE, body)),
    )
    .add(
      {
        method: "post",
        path: "/settlements/penalties/:voucherId/pay",
        summary: "Pay the holder of a redeemed voucher its share of its maturity's late-funding penalty, once (its holder, its debtor, the platform)",
        description: "404 for a voucher not yours; 409 SETTLEMENT_NOT_REDEEMED before redemption, SETTLEMENT_NO_PENALTY when funded on time, SETTLEMENT_PENALTY_PAID once paid.",
        tags: ["settlement"],
        auth: true,
        roles: ["maker"],
        params: z.strictObject({ voucherId: ledgerId }),
        responses: { 200: { description: "Paid", schema: z.object({ voucherId: z.string(), holder: party, amount: z.string(), txHash: z.string() }) } },
      },
      async ({ actor, params }) => {
        const p = await penalties.pay(actor, params.voucherId);
        return { ...p, amount: formatYuan(p.amount) };
      },
    )
    .add(
      {
        method: "post",
        path: "/settlements",
        summary: "Fund a maturity: escrow settlement cash for everything outstanding that day (core enterprise maker; a checker approves)",
        description:
          "Proposes `settlement.fund` for the caller's vouchers maturing on `maturity`, for the amount the slot is short now. " +
          "A checker of the same organisation carries it out with `POST /approvals/{id}/approve`, whose result holds the `txHash`, the `amount` paid and the slot. " +
          "Refused at once when nothing is owed (409 SETTLEMENT_NOTHING_TO_FUND) or the settlement cash balance is too small (422 CASH_INSUFFICIENT_BALANCE); " +
          "at approval, when the slot's amount changed since the proposal (409 SETTLEMENT_AMOUNT_CHANGED) or the ledger refuses.",
        tags: ["settlement"],
        auth: true,
        kinds: ["core"],
        roles: ["maker"],
        body: z.strictObject({ maturity: cstDay }),
        responses: { 202: { description: "Proposed; awaiting a checker", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, SETTLEMENT_FUND, body)),
    )
    .add(
      {
        method: "get",
        path: "/settlements",
        summary: "Settlement slots: a core enterprise's own, the ones a supplier or bank holds vouchers of; all for the operator and the regulator",
        tags: ["settlement"],
        auth: true,
        query: page.extend({
          debtorOrgId: uuid.optional().meta({ description: "Only this debtor's slots (its organisation id)" }),
          status: z.enum(STATUSES).optional(),
          maturityFrom: cstDay.optional(),
          maturityTo: cstDay.optional(),
        }),
        responses: { 200: { description: "A page of slots, by maturity, soonest first", schema: pageSchema(slotSchema) } },
      },
      async ({ actor, query }) => {
        const { page, orgs } = await settlement.list(actor, {
          cursor: query.cursor,
          limit: query.limit,
          debtorOrgId: query.debtorOrgId,
          status: query.status,
          from: query.maturityFrom,
          to: query.maturityTo,
        });
        return mapPage(page, (v) => slotJson(v, orgs));
      },
    )
    .add(
      {
        method: "get",
        path: "/settlements/:debtorOrgId/:maturity",
        summary: "One slot with its payouts: every holder for its debtor, the operator and the regulator; a holder sees its own",
        tags: ["settlement"],
        auth: true,
        params: z.strictObject({ debtorOrgId: uuid, maturity: cstDay }),
        responses: { 200: { description: "The slot", schema: slotDetailSchema } },
      },
      async ({ actor, params }) => {
        const { view, orgs } = await settlement.get(actor, params.debtorOrgId, params.maturity);
        return slotDetailJson(view, orgs);
      },
    )
    .add(
      {
        method: "post",
        path: "/settlements/run",
        summary: "Run one settlement pass now: redeem matured funded slots, flag overdue ones (operator)",
        description: "The same pass the scheduler runs every few seconds; it waits for a pass already running, and reports only what it did itself.",
        tags: ["settlement"],
        auth: true,
        kinds: ["operator"],
        responses: { 200: { description: "What the pass did", schema: passReportSchema } },
      },
      async () => settlement.runNow(),
    )
    .add(
      {
        method: "get",
        path: "/clock",
        summary: "The ledger's time, which decides maturity and overdue",
        tags: ["settlement"],
        auth: true,
        responses: { 200: { description: "The ledger's now", schema: z.object({ now: z.string(), canTravel: z.boolean() }) } },
      },
      () => {
        const c = clock.now();
        return { now: c.now.toISOString(), canTravel: c.canTravel };
      },
    )
    .add(
      {
        method: "post",
        path: "/clock/advance",
        summary: "Propose moving the embedded ledger's clock forward, for demos and tests (operator maker; a checker approves)",
        description:
          "Give `days` or `seconds`. 409 CLOCK_FIXED at once on a ledger whose clock is real time. Approval moves it; the approval's result holds the new time.",
        tags: ["settlement"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        body: z
          .strictObject({
            days: z.number().int().min(1).max(MAX_DAYS).optional(),
            seconds: z.number().int().min(1).max(MAX_DAYS * 86_400).optional(),
          })
          .refine((b) => (b.days === undefined) !== (b.seconds === undefined), "give either days or seconds"),
        responses: { 202: { description: "Proposed; a checker of the operator approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, body }) => {
        const seconds = body.days !== undefined ? body.days * 86_400 : body.seconds;
        // The schema's refine already demands one of the two; this only tells the type checker.
        if (seconds === undefined) throw new AppError("VALIDATION_FAILED", "give either days or seconds");
        return pendingActionJson(await dual.propose(actor, CLOCK_ADVANCE, { seconds }));
      },
    );
}
