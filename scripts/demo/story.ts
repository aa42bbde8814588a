/**
 * The whole supply-chain-finance story, through the HTTP API only, as the organisations' clerks would do it:
 * a new supplier onboarded; credit lines; the program's rules; cash deposited; invoices confirmed at every tier;
 * ¥10,000,000 issued and passed down four tiers in splits; financing at tiers 3 and 4 with two banks quoting;
 * a double-financing attempt refused; a revoked enterprise's application refused; a disclosure of invoices to a
 * bank; a consented, paid risk query; two early-warning alerts; the slot funded; the clock moved to maturity;
 * every holder paid.
 *
 * The story is a list of steps over a JSON state, so that a test can stop the server between any two steps,
 * restart it, and carry on with the same state.
 */
import { randomBytes } from "node:crypto";
import { cstDaysBetween, cstMidnightAfter, formatCstDay } from "../../chain/cst-day";
import { randomSandboxApplicants, REGISTRY_CASES } from "../../seeds/registry";
import { bilingualName, seededOrganisation, seededUser } from "../../seeds/organisations";
import { textTable } from "./text-table";
import { ProblemError, type PlatformClient, type UserClient } from "./client";
import type { PledgeStoryState } from "./pledge-state";

export type Handle = "operator" | "regulator" | "core" | "tier1" | "tier2" | "tier3" | "tier4" | "bank" | "bank2" | "settlement-bank";
type Role = "admin" | "maker" | "checker";

export type Money = Record<string, string>;

/** Everything the story learns as it goes; plain JSON, so that it survives a restart of the client or server. */
export interface StoryState {
  orgs: Partial<Record<Handle, string>>;
  newcomer?: { applicationId: string; organisationId?: string; uscc: string };
  maturity?: string;
  days?: number;
  invoices: Record<string, string>;
  rootVoucher?: string;
  pieces: Partial<Record<"tier2" | "tier3" | "tier4", string>>;
  financings: {
    tier: number;
    holder: Handle;
    requestId: string;
    amount: string;
    quotes: { bank: Handle; rateBps: number; net: string; interest: string; fee: string; apr: string | null; id: string }[];
    accepted?: { bank: Handle; quoteId: string };
    executed?: { interest: string; fee: string; net: string; days: number; acceptanceToCashSeconds: number | null };
  }[];
  doubleFinancing?: { code: string; status: number };
  refusedOnboarding?: { name: string; code: string; status: number };
  disclosure?: { id: string; verified: boolean; invoices: number; fields: string[] };
  riskQuery?: { fee: string; taxCreditGrade: string | null; vouchersReceived: number };
  roundTrip?: string;
  alerts?: { rule: string; severity: string; explanation: string }[];
  cashBefore: Record<string, string>;
  cashAfter: Record<string, string>;
  payouts?: { holder: string; amount: string }[];
  reconciliation?: { consistent: boolean; differenceCount: number; checkedAtBlock: number };
  /** The second story's (pledge-story.ts). */
  pledge?: PledgeStoryState;
}

export const newState = (): StoryState => ({ orgs: {}, invoices: {}, pieces: {}, financings: [], cashBefore: {}, cashAfter: {} });

export interface StoryContext {
  client: PlatformClient;
  state: StoryState;
  log(line: string): void;
}

export const FACE_VALUE = "10000000.00";
const SME_LOAN_RATE_BPS = 800;

const seed = (handle: Handle) => seededOrganisation(handle);
const user = (ctx: StoryContext, handle: Handle, role: Role = "maker"): UserClient => ctx.client.as(seededUser(seed(handle), role).email);

/** What an earlier step stored in the state: the steps run in order, so a gap is a bug in the story. */
function learnt<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The story has not learnt ${what} yet: a step ran out of order`);
  return value;
}

/** Yuan strings ↔ fen, for the summary's sums: never through floating point. */
export const fen = (yuan: string): bigint => {
  const [whole, frac = ""] = yuan.split(".");
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
};
export const yuan = (f: bigint): string => `${f < 0n ? "-" : ""}${(f < 0n ? -f : f) / 100n}.${String((f < 0n ? -f : f) % 100n).padStart(2, "0")}`;

async function approve(ctx: StoryContext, handle: Handle, action: { id: string; status?: string }): Promise<Record<string, unknown>> {
  const done = await user(ctx, handle, "checker").post<{ status: string; result: Record<string, unknown> }>(`/approvals/${action.id}/approve`);
  return done.result;
}

/** A digital (全电) invoice number that no earlier run used. */
const invoiceNumber = () => `2636${Date.now().toString().slice(-10)}${randomBytes(3).readUIntBE(0, 3).toString().padStart(6, "0")}`.slice(0, 20);

/** An invoice from `seller` to `buyer`, submitted and confirmed once (kept in the state under `name`). */
export async function confirmedInvoice(ctx: StoryContext, name: string, seller: Handle, buyer: Handle, amount: string): Promise<string> {
  if (ctx.state.invoices[name]) return ctx.state.invoices[name];
  const submitted = await user(ctx, seller).post<{ id: string }>("/invoices", {
    kind: "digital",
    number: invoiceNumber(),
    buyerOrgId: ctx.state.orgs[buyer],
    amount,
    tax: "0.00",
    issueDate: ctx.state.maturity ? new Date().toISOString().slice(0, 10) : new Date().toISOString().slice(0, 10),
    contractRef: `DEMO-${name}`,
  });
  await user(ctx, buyer).post(`/invoices/${submitted.id}/confirm`);
  ctx.state.invoices[name] = submitted.id;
  return submitted.id;
}

const balance = async (ctx: StoryContext, handle: Handle) => (await user(ctx, handle).get<{ balance: string }>("/cash/balance")).balance;

export interface Step {
  title: string;
  run(ctx: StoryContext): Promise<void>;
}

export const STEPS: Step[] = [
  {
    title: "Find the seeded organisations",
    async run(ctx) {
      const orgs = { items: await user(ctx, "operator", "admin").all<{ id: string; uscc: string }>("/orgs") };
      for (const h of ["operator", "regulator", "core", "tier1", "tier2", "tier3", "tier4", "bank", "bank2", "settlement-bank"] as Handle[]) {
        const o = orgs.items.find((x) => x.uscc === seed(h).uscc);
        if (!o) throw new Error(`${h} is not on the platform: was it started with the seeds?`);
        ctx.state.orgs[h] = o.id;
      }
      ctx.log(`${Object.keys(ctx.state.orgs).length} organisations found`);
    },
  },
  {
    title: "Onboarding: a new supplier applies; the operator approves it",
    async run(ctx) {
      if (!ctx.state.newcomer) {
        // An enterprise the embedded sandbox registry holds as active: onboarding asks the registry first.
        const [{ uscc, name }] = randomSandboxApplicants(1);
        const tag = uscc.slice(10, 17).toLowerCase();
        const applied = (await ctx.client.fetchJson("POST", "/applications", {
          body: {
            name,
            nameEn: `Newcomer ${tag}`,
            uscc,
            kinds: ["supplier"],
            admin: { name: "刘管理", email: `admin-${tag}@ganzhou-logistics.example`, password: "demo password for the newcomer" },
          },
        })) as { id: string };
        ctx.state.newcomer = { applicationId: applied.id, uscc };
        ctx.log(`applied with USCC ${uscc}`);
      }
      const app = await user(ctx, "operator", "admin").get<{ status: string; organisationId: string | null }>(`/applications/${ctx.state.newcomer.applicationId}`);
      if (app.status === "pending") {
        const approved = await user(ctx, "operator", "checker").post<{ organisationId: string; txHash: string }>(`/applications/${ctx.state.newcomer.applicationId}/approve`);
        ctx.state.newcomer.organisationId = approved.organisationId;
        ctx.log(`approved and registered on the ledger (tx ${approved.txHash.slice(0, 12)}…)`);
      } else {
        ctx.state.newcomer.organisationId = app.organisationId ?? undefined;
      }
    },
  },
  {
    title: "Credit lines: two banks grant the core enterprise a line (maker, then checker)",
    async run(ctx) {
      const clock = await user(ctx, "core").get<{ now: string }>("/clock");
      const expiry = formatCstDay(cstMidnightAfter(new Date(clock.now), 365));
      for (const [bank, limit] of [["bank", "50000000.00"], ["bank2", "30000000.00"]] as const) {
        const id = `${ctx.state.orgs[bank]}.${ctx.state.orgs.core}`;
        const line = await user(ctx, bank).get<{ open: boolean; limit: string }>(`/credit-lines/${id}`).catch((e: unknown) => {
          if (e instanceof ProblemError && e.status === 404) return undefined;
          throw e;
        });
        const proposed = line?.open
          ? await user(ctx, bank).put<{ id: string }>(`/credit-lines/${id}`, { limit, expiry })
          : await user(ctx, bank).post<{ id: string }>("/credit-lines", { coreOrgId: ctx.state.orgs.core, limit, expiry });
        await approve(ctx, bank, proposed);
        ctx.log(`${bilingualName(seed(bank))}: ¥${limit} until ${expiry}`);
      }
    },
  },
  {
    title: "The core enterprise's program: rules, eligible banks, whitelisted suppliers",
    async run(ctx) {
      // Who may hold and finance the core's credit takes two people: its maker proposes, its checker approves.
      const core = user(ctx, "core");
      const program = `/programs/${ctx.state.orgs.core}`;
      await approve(ctx, "core", await core.put<{ id: string }>(`${program}/rules`, {
        maxDepth: 6,
        maxTermDays: 180,
        minSplit: "100.00",
        invoicesRequired: true,
        whitelistOnly: true,
        banksRestricted: true,
        issuanceCoveredByCredit: true,
      }));
      for (const bank of ["bank", "bank2"] as const) await approve(ctx, "core", await core.put<{ id: string }>(`${program}/banks/${ctx.state.orgs[bank]}`));
      for (const s of ["tier1", "tier2", "tier3", "tier4"] as const) await approve(ctx, "core", await core.put<{ id: string }>(`${program}/suppliers/${ctx.state.orgs[s]}`));
      // The fee is deducted from every financing: the operator's maker proposes it, its checker approves.
      await approve(ctx, "operator", await user(ctx, "operator").put<{ id: string }>("/financing/fee", { feeBps: 10, recipientOrgId: ctx.state.orgs.operator }));
      ctx.log("rules set: 6 tiers, 180 days, ¥100 minimum split, invoices required, whitelist, 2 eligible banks; platform fee 0.10 %");
    },
  },
  {
    title: "Cash: the settlement bank records deposits and mints settlement cash",
    async run(ctx) {
      for (const [to, amount] of [["core", "12000000.00"], ["bank", "20000000.00"], ["bank2", "20000000.00"]] as const) {
        const proposed = await user(ctx, "settlement-bank").post<{ id: string }>("/cash/deposits", {
          organisationId: ctx.state.orgs[to],
          amount,
          reference: `DEMO-DEP-${to}-${Date.now()}`,
        });
        await approve(ctx, "settlement-bank", proposed);
        ctx.log(`¥${amount} to ${bilingualName(seed(to))}`);
      }
    },
  },
  {
    title: "Invoices: each tier's supplier invoices its buyer; the buyer confirms (registered on the ledger)",
    async run(ctx) {
      const clock = await user(ctx, "core").get<{ now: string }>("/clock");
      const maturity = formatCstDay(cstMidnightAfter(new Date(clock.now), 90));
      ctx.state.maturity ??= maturity;
      await confirmedInvoice(ctx, "tier1→core", "tier1", "core", FACE_VALUE);
      await confirmedInvoice(ctx, "tier2→tier1", "tier2", "tier1", "6000000.00");
      await confirmedInvoice(ctx, "tier3→tier2", "tier3", "tier2", "3000000.00");
      await confirmedInvoice(ctx, "tier4→tier3", "tier4", "tier3", "1200000.00");
      ctx.log(`4 invoices confirmed; the voucher will mature on ${ctx.state.maturity}`);
    },
  },
  {
    title: "Issue: the core enterprise confirms its ¥10,000,000 payable to tier 1 as a voucher (maker, then checker)",
    async run(ctx) {
      if (ctx.state.rootVoucher) return;
      const proposed = await user(ctx, "core").post<{ id: string }>("/vouchers", {
        supplierOrgId: ctx.state.orgs.tier1,
        amount: FACE_VALUE,
        maturity: ctx.state.maturity,
        invoiceIds: [ctx.state.invoices["tier1→core"]],
      });
      const result = await approve(ctx, "core", proposed);
      ctx.state.rootVoucher = String(result.voucherId);
      ctx.log(`voucher #${ctx.state.rootVoucher}: ¥${FACE_VALUE} held by tier 1`);
    },
  },
  {
    title: "Credit passing: tier 1 → tier 2 → tier 3 → tier 4, each backed by an invoice, with splits",
    async run(ctx) {
      const pass = async (from: Handle, voucher: string, to: "tier2" | "tier3" | "tier4", amount: string, invoice: string) => {
        if (ctx.state.pieces[to]) return;
        const r = await user(ctx, from).post<{ id: string }>(`/vouchers/${voucher}/transfers`, {
          toOrgId: ctx.state.orgs[to],
          amount,
          invoiceIds: [ctx.state.invoices[invoice]],
        });
        ctx.state.pieces[to] = r.id;
        ctx.log(`${from} → ${to}: ¥${amount} as voucher #${r.id}`);
      };
      await pass("tier1", learnt(ctx.state.rootVoucher, "the issued voucher"), "tier2", "6000000.00", "tier2→tier1");
      await pass("tier2", learnt(ctx.state.pieces.tier2, "tier 2's piece"), "tier3", "3000000.00", "tier3→tier2");
      await pass("tier3", learnt(ctx.state.pieces.tier3, "tier 3's piece"), "tier4", "1200000.00", "tier4→tier3");
      const tree = await user(ctx, "core").get<{ nodes?: unknown[] }>(`/vouchers/${ctx.state.rootVoucher}/tree`);
      ctx.log(`the tree below #${ctx.state.rootVoucher} has ${Array.isArray(tree.nodes) ? tree.nodes.length : "its"} pieces`);
    },
  },
  {
    title: "Financing at tiers 3 and 4: two banks quote, the holder takes the better quote, the bank's checker pays",
    async run(ctx) {
      const plan: { tier: number; holder: "tier3" | "tier4"; amount: string; rates: Record<"bank" | "bank2", number> }[] = [
        { tier: 3, holder: "tier3", amount: "1000000.00", rates: { bank: 385, bank2: 410 } },
        { tier: 4, holder: "tier4", amount: "1200000.00", rates: { bank: 440, bank2: 415 } },
      ];
      for (const p of plan) {
        let f = ctx.state.financings.find((x) => x.tier === p.tier);
        if (!f) {
          const opened = await user(ctx, p.holder).post<{ id: string }>("/financing/requests", { voucherId: ctx.state.pieces[p.holder], amount: p.amount });
          f = { tier: p.tier, holder: p.holder, requestId: opened.id, amount: p.amount, quotes: [] };
          ctx.state.financings.push(f);
        }
        if (!f.accepted) {
          f.quotes = [];
          for (const bank of ["bank", "bank2"] as const) {
            const q = await user(ctx, bank).post<{ id: string; net: string; interest: string; fee: string; effectiveApr: string | null }>(
              `/financing/requests/${f.requestId}/quotes`,
              { rateBps: p.rates[bank] },
            );
            f.quotes.push({ bank, rateBps: p.rates[bank], id: q.id, net: q.net, interest: q.interest, fee: q.fee, apr: q.effectiveApr });
            ctx.log(`tier ${p.tier}: ${bilingualName(seed(bank))} quotes ${(p.rates[bank] / 100).toFixed(2)}% → net ¥${q.net}`);
          }
          const best = f.quotes.reduce((a, b) => (fen(b.net) > fen(a.net) ? b : a));
          await user(ctx, p.holder).post(`/financing/requests/${f.requestId}/accept`, { quoteId: best.id });
          f.accepted = { bank: best.bank, quoteId: best.id };
          ctx.log(`tier ${p.tier} accepts ${bilingualName(seed(best.bank))}'s quote`);
        }
        if (!f.executed) {
          const proposed = await user(ctx, f.accepted.bank).post<{ id: string }>(`/financing/requests/${f.requestId}/approve`);
          const r = await approve(ctx, f.accepted.bank, proposed);
          f.executed = {
            interest: String(r.interest),
            fee: String(r.fee),
            net: String(r.net),
            days: Number(r.days),
            acceptanceToCashSeconds: (r.acceptanceToCashSeconds as number | null) ?? null,
          };
          ctx.log(`tier ${p.tier} paid ¥${f.executed.net} in cash (interest ¥${f.executed.interest}, fee ¥${f.executed.fee})`);
        }
      }
    },
  },
  {
    title: "A double-financing attempt: tier 3 asks to finance value it already sold",
    async run(ctx) {
      try {
        await user(ctx, "tier3").post("/financing/requests", { voucherId: ctx.state.pieces.tier3, amount: "1800000.00" });
        throw new Error("the platform accepted financing beyond what tier 3 still holds");
      } catch (e) {
        if (!(e instanceof ProblemError)) throw e;
        ctx.state.doubleFinancing = { code: e.code, status: e.status };
        ctx.log(`refused: ${e.status} ${e.code}`);
      }
    },
  },
  {
    title: "Onboarding refused: an enterprise whose business licence is revoked applies",
    async run(ctx) {
      const { uscc, name } = REGISTRY_CASES.revoked;
      try {
        await ctx.client.fetchJson("POST", "/applications", {
          body: { name, uscc, kinds: ["supplier"], admin: { name: "王申请", email: `apply-${Date.now()}@revoked.example`, password: "demo password for the refused" } },
        });
        throw new Error("the platform took an application from a revoked enterprise");
      } catch (e) {
        if (!(e instanceof ProblemError)) throw e;
        ctx.state.refusedOnboarding = { name, code: e.code, status: e.status };
        ctx.log(`${name}: refused at once, ${e.status} ${e.code} (the business registry says 吊销)`);
      }
    },
  },
  {
    title: "Selective disclosure: tier 3 shows a bank the amount and date of each invoice behind its piece, nothing else",
    async run(ctx) {
      const fields = ["amount", "issueDate"];
      const d = await user(ctx, "tier3").post<{ id: string; verified: boolean; invoices: unknown[] }>(`/vouchers/${learnt(ctx.state.pieces.tier3, "tier 3's piece")}/disclosures`, {
        bankOrgId: ctx.state.orgs.bank,
        fields,
      });
      // The bank reads it back, each opening checked against the invoice's commitment on the ledger.
      const seen = await user(ctx, "bank").get<{ verified: boolean }>(`/disclosures/${d.id}`);
      ctx.state.disclosure = { id: d.id, verified: seen.verified, invoices: d.invoices.length, fields };
      ctx.log(`${d.invoices.length} invoices opened on ${fields.join(" and ")}; the bank verified them against the ledger: ${seen.verified ? "yes" : "NO"}`);
    },
  },
  {
    title: "Consented risk data: tier 4 lets a bank query its risk profile; the bank pays the data-service fee",
    async run(ctx) {
      const fee = await user(ctx, "bank2").get<{ fee: string }>("/risk-data/fee");
      if (fen(fee.fee) !== 50_00n) await approve(ctx, "operator", await user(ctx, "operator").put<{ id: string }>("/risk-data/fee", { fee: "50.00", recipientOrgId: ctx.state.orgs.operator }));
      const clock = await user(ctx, "tier4").get<{ now: string }>("/clock");
      await user(ctx, "tier4").post("/risk-data/consents", { bankOrgId: ctx.state.orgs.bank2, until: formatCstDay(cstMidnightAfter(new Date(clock.now), 30)) });
      await approve(ctx, "bank2", await user(ctx, "bank2").put<{ id: string }>("/risk-data/budget", { amount: "500.00" }));
      const q = await user(ctx, "bank2").post<{ fee: string; profile: { registry: { taxCreditGrade: string | null } | null; vouchersReceived: { count: number } } }>("/risk-data/queries", {
        subjectOrgId: ctx.state.orgs.tier4,
      });
      ctx.state.riskQuery = { fee: q.fee, taxCreditGrade: q.profile.registry?.taxCreditGrade ?? null, vouchersReceived: q.profile.vouchersReceived.count };
      ctx.log(`tier 4's profile shown to ${bilingualName(seed("bank2"))} for ¥${q.fee}: ${q.profile.vouchersReceived.count} vouchers received`);
    },
  },
  {
    title: "Early warning: a line nearly used up and value passed back up its own lineage raise alerts for the regulator",
    async run(ctx) {
      // Bank 2 cuts its line to the core enterprise after a review, to just above what its financing uses.
      const id = `${ctx.state.orgs.bank2}.${ctx.state.orgs.core}`;
      const line = await user(ctx, "bank2").get<{ used: string }>(`/credit-lines/${id}`);
      const limit = yuan((fen(line.used) * 100n) / 92n);
      if (fen(line.used) > 0n) await approve(ctx, "bank2", await user(ctx, "bank2").put<{ id: string }>(`/credit-lines/${id}`, { limit }));
      // Tier 3 passes part of its piece back to tier 2, an earlier holder in the same lineage (round-tripping).
      if (!ctx.state.roundTrip) {
        const invoice = await confirmedInvoice(ctx, "tier2→tier3 (back)", "tier2", "tier3", "100000.00");
        const back = await user(ctx, "tier3").post<{ id: string }>(`/vouchers/${learnt(ctx.state.pieces.tier3, "tier 3's piece")}/transfers`, {
          toOrgId: ctx.state.orgs.tier2,
          amount: "100000.00",
          invoiceIds: [invoice],
        });
        ctx.state.roundTrip = back.id;
      }
      const alerts = { items: await user(ctx, "regulator", "admin").all<{ rule: string; severity: string; explanation: { "zh-CN": string } }>("/alerts?status=open") };
      ctx.state.alerts = alerts.items.map((a) => ({ rule: a.rule, severity: a.severity, explanation: a.explanation["zh-CN"] }));
      ctx.log(`bank 2's line cut to ¥${limit}; ¥100,000.00 passed back to tier 2; ${alerts.items.length} open alerts`);
    },
  },
  {
    title: "The core enterprise funds the maturity once (maker, then checker)",
    async run(ctx) {
      for (const h of ["tier1", "tier2", "tier3", "tier4", "bank", "bank2"] as const) ctx.state.cashBefore[h] = await balance(ctx, h);
      const proposed = await user(ctx, "core").post<{ id: string }>("/settlements", { maturity: ctx.state.maturity });
      const r = await approve(ctx, "core", proposed);
      ctx.log(`escrowed ¥${typeof r.amount === "string" ? r.amount : ""} for ${ctx.state.maturity}`);
    },
  },
  {
    title: "Time travels to maturity (embedded chain only)",
    async run(ctx) {
      const clock = await user(ctx, "operator", "admin").get<{ now: string }>("/clock");
      const due = new Date(`${ctx.state.maturity}T00:00:00+08:00`);
      const days = Math.max(0, cstDaysBetween(new Date(clock.now), due));
      // Moving the clock matures everyone's vouchers: the operator's maker proposes it, its checker approves.
      if (days > 0) await approve(ctx, "operator", await user(ctx, "operator").post<{ id: string }>("/clock/advance", { days }));
      ctx.log(days > 0 ? `the ledger's clock moved ${days} days` : "already at maturity");
    },
  },
  {
    title: "Automatic settlement (清分): every holder is paid",
    async run(ctx) {
      const op = user(ctx, "operator", "admin");
      for (let i = 0; i < 20; i += 1) {
        await op.post("/settlements/run");
        const slot = await op.get<{ outstanding: string; payouts: { holder: { id: string | null; account: string }; paid: string }[] }>(
          `/settlements/${ctx.state.orgs.core}/${ctx.state.maturity}`,
        );
        if (fen(slot.outstanding) === 0n) {
          const handleOf = (orgId: string | null) => (Object.keys(ctx.state.orgs) as Handle[]).find((h) => ctx.state.orgs[h] === orgId);
          ctx.state.payouts = slot.payouts.map((p) => {
            const h = handleOf(p.holder.id);
            return { holder: h ? bilingualName(seed(h)) : p.holder.account, amount: p.paid };
          });
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      for (const h of ["tier1", "tier2", "tier3", "tier4", "bank", "bank2"] as const) ctx.state.cashAfter[h] = await balance(ctx, h);
      ctx.log("the slot is settled");
    },
  },
  {
    title: "The regulator reconciles the database with the ledger",
    async run(ctx) {
      const r = await user(ctx, "regulator", "admin").get<{ consistent: boolean; differenceCount: number; checkedAtBlock: number }>("/audit/reconciliation");
      ctx.state.reconciliation = { consistent: r.consistent, differenceCount: r.differenceCount, checkedAtBlock: r.checkedAtBlock };
      const verify = await user(ctx, "regulator", "admin").get<{ valid: boolean; entries: number }>("/audit/log/verify");
      ctx.log(`${r.differenceCount} differences at block ${r.checkedAtBlock}; audit log ${verify.valid ? "intact" : "BROKEN"} (${verify.entries} entries)`);
    },
  },
];

/** The summary tables, from what the story saw and the regulator's reports. */
export async function summary(ctx: StoryContext): Promise<string> {
  const s = ctx.state;
  const lines: string[] = [];
  const table = (title: string, head: string[], rows: string[][]) => lines.push(...textTable(title, head, rows));
  const reach = await user(ctx, "regulator", "admin").get<{ items: { core: { id: string }; tiers: { tier: number; reached: string; suppliers: number; financed: string }[] }[] }>(
    `/reports/tier-reach?coreOrgId=${s.orgs.core}`,
  );
  const mine = reach.items.find((r) => r.core.id === s.orgs.core);
  table(
    "Value reached per tier (the core enterprise's program, all runs)",
    ["tier", "reached ¥", "suppliers", "financed ¥"],
    (mine?.tiers ?? []).map((t) => [String(t.tier), t.reached, String(t.suppliers), t.financed]),
  );
  table(
    "Financing in this run (the better of two quotes taken)",
    ["tier", "amount ¥", "bank", "rate", "days", "interest+fee ¥", "at 8% SME loan ¥", "saved ¥"],
    s.financings.map((f) => {
      const q = f.quotes.find((x) => x.id === f.accepted?.quoteId);
      const cost = fen(f.executed?.interest ?? "0") + fen(f.executed?.fee ?? "0");
      const days = BigInt(f.executed?.days ?? 0);
      const loan = (fen(f.amount) * BigInt(SME_LOAN_RATE_BPS) * days) / (10_000n * 365n);
      return [String(f.tier), f.amount, f.accepted ? seed(f.accepted.bank).nameEn.split(" ")[0] : "-", q ? `${(q.rateBps / 100).toFixed(2)}%` : "-", String(days), yuan(cost), yuan(loan), yuan(loan - cost)];
    }),
  );
  const payouts = s.payouts ?? [];
  const paid = payouts.reduce((a, p) => a + fen(p.amount), 0n);
  table(
    "Paid at maturity, by holder",
    ["holder", "paid ¥"],
    [...payouts.map((p) => [p.holder, p.amount]), ["total (face value ¥" + FACE_VALUE + ")", yuan(paid)]],
  );
  table(
    "Cash balances (before funding → after settlement)",
    ["organisation", "before ¥", "after ¥", "change ¥"],
    Object.keys(s.cashAfter).map((h) => [bilingualName(seed(h as Handle)), s.cashBefore[h] ?? "-", s.cashAfter[h], yuan(fen(s.cashAfter[h]) - fen(s.cashBefore[h] ?? "0"))]),
  );
  table(
    "Early-warning alerts open for the regulator",
    ["rule", "severity", "explanation"],
    (s.alerts ?? []).map((a) => [a.rule, a.severity, a.explanation]),
  );
  lines.push(
    "",
    `Onboarding of ${s.refusedOnboarding?.name} refused with ${s.refusedOnboarding?.status} ${s.refusedOnboarding?.code}`,
    `Disclosure to the bank: ${s.disclosure?.invoices} invoices opened on ${s.disclosure?.fields.join(", ")}; verified against the ledger: ${s.disclosure?.verified ? "yes" : "NO"}`,
    `Consented risk query: fee ¥${s.riskQuery?.fee} (风险数据服务费), tax credit grade ${s.riskQuery?.taxCreditGrade ?? "not on record"}, vouchers received: ${s.riskQuery?.vouchersReceived}`,
    `Double financing refused with ${s.doubleFinancing?.status} ${s.doubleFinancing?.code}`,
    `Paid at maturity sums to the face value: ${paid === fen(FACE_VALUE) ? "yes" : `NO (${yuan(paid)})`}`,
    `Reconciliation: ${s.reconciliation?.differenceCount} differences at block ${s.reconciliation?.checkedAtBlock}`,
  );
  return lines.join("\n");
}

/** The title of the step after which every voucher is settled: a console worth looking at stops before it. */
export const BEFORE_SETTLEMENT = "The core enterprise funds the maturity once";

/**
 * Plays the story against the platform at `baseUrl` up to (not including) the step whose title starts with
 * `until`, and returns what it learned: the screenshots and the browser tests start from a live book this way.
 */
export async function playStoryUntil(ctx: StoryContext, until: string): Promise<StoryState> {
  for (const step of STEPS) {
    if (step.title.startsWith(until)) return ctx.state;
    await step.run(ctx);
  }
  throw new Error(`No step of the story starts with "${until}"`);
}

/** Runs the one step whose title starts with `title`: a browser test sets the stage through the API this way. */
export async function runStep(ctx: StoryContext, title: string): Promise<void> {
  const step = STEPS.find((s) => s.title.startsWith(title));
  if (!step) throw new Error(`No step of the story starts with "${title}"`);
  await step.run(ctx);
}
