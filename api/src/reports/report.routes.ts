import { z } from "zod";
import { cstDayText, formatCstDay } from "../http/cst-day";
import { party, partyOf, partyOfAccount } from "../http/party";
import { formatYuan } from "../money";
import { mapPage, pageSchema } from "../http/pagination";
import type { RouteTable } from "../http/route";
import { page, uuid } from "../http/schemas";
import type { ReportService } from "./report.service";

const READERS = ["regulator", "operator", "core"] as const;
const money = (description: string) => z.string().meta({ description: `${description} (yuan)` });

const TIER_REACH = `For each core enterprise (the operator and the regulator: every one, or \`core\`; a core enterprise: its own),
how far its credit reached down its supply chain.

**Tier.** The ledger counts a voucher's depth: the core enterprise issues at depth 1 to its direct (tier 1)
supplier; every pass-on (\`splitTransfer\`) creates the recipient's piece at the sender's depth + 1; splitting and
financing create pieces at the holder's own depth. A piece at depth *n* is held at tier *n*.

**Value that reached tier n** (\`reached\`) is the total value that arrived at tier *n*: for tier 1 the face value
issued, for tier *n* ≥ 2 the value passed on from tier *n*−1 — each piece counted once, when it arrived, whatever
happened to it later (passed further down, split, financed or redeemed). Value that reached tier *n*+1 came out of
value that reached tier *n*, so the figures shrink with depth. \`pieces\` counts those arrivals.

**Suppliers** (\`suppliers\`) is the number of distinct suppliers (SMEs) that received value at that tier;
\`suppliersReached\` counts each supplier once across all tiers.

**Financed** (\`financed\`, \`financedNet\`, \`financings\`) is the face value sold to banks in executed financing by
holders at that tier (the financed voucher's depth), the cash they received for it, and how many financings.`;

const tierReach = z.object({
  core: party,
  suppliersReached: z.number().int(),
  tiers: z.array(
    z.object({
      tier: z.number().int(),
      reached: money("Value that arrived at this tier"),
      pieces: z.number().int(),
      suppliers: z.number().int(),
      financed: money("Face value sold to banks by holders at this tier"),
      financedNet: money("Cash those holders received"),
      financings: z.number().int(),
    }),
  ),
});

const OUTSTANDING = `Unredeemed voucher value (the operator and the regulator: every debtor; a core enterprise: its own debts).
\`byDebtor\`: what each core enterprise still owes, split into what banks hold (pieces they financed) and what
suppliers hold, with what it has escrowed for its maturities and how much sits in maturities flagged overdue.
\`byBank\`: the pieces each bank holds, by debtor. \`byMaturity\`: each debtor's maturities (\`maturity\` is the day, whose
00:00 China Standard Time is \`maturityAt\`) with value still owed, what is escrowed for it and the banks' share.`;

export function reportRoutes(t: RouteTable, reports: ReportService): RouteTable {
  return t
    .add(
      {
        method: "get",
        path: "/reports/tier-reach",
        summary: "How far each core enterprise's credit reached, tier by tier (regulator, operator; a core enterprise: its own)",
        description: TIER_REACH,
        tags: ["reports"],
        auth: true,
        kinds: READERS,
        query: page.extend({ coreOrgId: uuid.optional().meta({ description: "Only this core enterprise (its organisation id)" }) }),
        // Also on the schema: the document shows a response schema's description, and this one defines the figures.
        responses: {
          200: { description: "A page of core enterprises, newest first, each with all its tiers", schema: pageSchema(tierReach).meta({ description: TIER_REACH }) },
        },
      },
      async ({ actor, query }) =>
        mapPage(await reports.tierReach(actor, query), (r) => ({
            core: partyOf(r.core),
            suppliersReached: r.suppliersReached,
            tiers: r.tiers.map((x) => ({
              tier: x.tier,
              reached: formatYuan(x.reached),
              pieces: x.pieces,
              suppliers: x.suppliers,
              financed: formatYuan(x.financed),
              financedNet: formatYuan(x.financedNet),
              financings: x.financings,
            })),
          })),
    )
    .add(
      {
        method: "get",
        path: "/reports/outstanding",
        summary: "Outstanding voucher value by debtor, by bank and by maturity (regulator, operator; a core enterprise: its own)",
        description: OUTSTANDING,
        tags: ["reports"],
        auth: true,
        kinds: READERS,
        responses: {
          200: {
            description: "The report",
            schema: z.object({
              total: money("All unredeemed value"),
              byDebtor: z.array(
                z.object({
                  debtor: party,
                  outstanding: money("Unredeemed"),
                  heldByBanks: money("Of which banks hold"),
                  heldBySuppliers: money("Of which suppliers hold"),
                  escrowed: money("Escrowed by the debtor for its maturities"),
                  overdue: money("Unredeemed in maturities flagged overdue"),
                }),
              ),
              byBank: z.array(z.object({ bank: party, held: money("Held"), byDebtor: z.array(z.object({ debtor: party, held: money("Held") })) })),
              byMaturity: z.array(
                z.object({
                  maturity: cstDayText,
                  maturityAt: z.string().meta({ description: "The maturity as an instant, ISO 8601" }),
                  debtor: party,
                  outstanding: money("Unredeemed"),
                  escrowed: money("Escrowed"),
                  heldByBanks: money("Of which banks hold"),
                  overdue: z.boolean(),
                }),
              ),
            }).meta({ description: OUTSTANDING }),
          },
        },
      },
      async ({ actor }) => {
        const r = await reports.outstanding(actor);
        const p = (a: string) => partyOfAccount(a, r.orgs);
        return {
          total: formatYuan(r.total),
          byDebtor: r.byDebtor.map((d) => ({
            debtor: p(d.debtor),
            outstanding: formatYuan(d.outstanding),
            heldByBanks: formatYuan(d.heldByBanks),
            heldBySuppliers: formatYuan(d.heldBySuppliers),
            escrowed: formatYuan(d.escrowed),
            overdue: formatYuan(d.overdue),
          })),
          byBank: r.byBank.map((b) => ({
            bank: p(b.bank),
            held: formatYuan(b.held),
            byDebtor: b.byDebtor.map((d) => ({ debtor: p(d.debtor), held: formatYuan(d.held) })),
          })),
          byMaturity: r.byMaturity.map((s) => ({
            maturity: formatCstDay(s.maturity),
            maturityAt: s.maturity.toISOString(),
            debtor: p(s.debtor),
            outstanding: formatYuan(s.outstanding),
            escrowed: formatYuan(s.escrowed),
            heldByBanks: formatYuan(s.heldByBanks),
            overdue: s.overdue,
          })),
        };
      },
    );
}
