/**
 * The second story: inventory pledge (仓单质押) under IoT supervision, through the HTTP API and the seeded warehouse's
 * signing devices. Lithium carbonate is weighed into bay A-01 of the Yichun bonded warehouse and a receipt issued;
 * the owner pledges it to a bank at 70 %; the bay's devices report; the price falls 15 % and a margin call follows,
 * which the owner answers by repaying part; the bay's weight drops (the simulator's incident): an alert, and the
 * receipt is at risk; a second pledge of the pledged receipt is refused; the regulator resolves the alert after an
 * inspection; the loan is repaid, the pledge released and the goods delivered.
 *
 * A guarantor backs the loan and an insurer covers the goods, the bank the policy's beneficiary while they are
 * pledged; the warehouse charges storage from the receipt's day and supervision while pledged, paid when the goods
 * leave. Runs after the first story (STEPS), on the same state, so that a test can stop the server between any two
 * steps and carry on. It ends with the fees each party earned, as the ledger's events tell them.
 */
import { createHash, randomBytes } from "node:crypto";
import { formatCstDay } from "../../chain/cst-day";
import { bilingualName, ORGANISATIONS, seededOrganisation, seededUser } from "../../seeds/organisations";
import { ProblemError, type UserClient } from "./client";
import { Fleet, sendBatch } from "../iot/fleet";
import type { Step, StoryContext } from "./story";
import { textTable } from "./text-table";
import type { PledgeStoryState, PledgeWho } from "./pledge-state";

type Who = PledgeWho;
type Role = "admin" | "maker" | "checker";

/** 25 tonnes of battery-grade lithium carbonate, in grams. */
export const PLEDGED_GRAMS = 25_000_000;
const PRICE = "80000.00";
/** 15 % below PRICE. */
const FALLEN_PRICE = "68000.00";
/** 70 % of 25 t at ¥80,000/t: the most the bank lends at its 70 % pledge rate. */
const LOAN = "1400000.00";
const PART = "200000.00";
/** The guarantor stands behind half the loan; the insurer covers the goods' value at drawdown. */
const GUARANTEED = "700000.00";
const INSURED = "2000000.00";
/** The Yichun warehouse's tariff for lithium carbonate, per tonne and day. */
const STORAGE = "1.50";
const SUPERVISION = "0.80";

const user = (ctx: StoryContext, who: Who, role: Role = "maker"): UserClient => ctx.client.as(seededUser(seededOrganisation(who), role).email);
const warehouseMaker = () => seededUser(seededOrganisation("warehouse"), "maker").email;
const state = (ctx: StoryContext): PledgeStoryState => (ctx.state.pledge ??= { orgs: {} });

function learnt<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The pledge story has not learnt ${what} yet: a step ran out of order`);
  return value;
}

async function proposeApprove(ctx: StoryContext, who: Who, method: "post" | "put", path: string, body?: unknown): Promise<Record<string, unknown>> {
  const proposed = await user(ctx, who)[method]<{ id: string }>(path, body);
  return (await user(ctx, who, "checker").post<{ result: Record<string, unknown> }>(`/approvals/${proposed.id}/approve`)).result;
}

/** The ledger's clock moves `days` ahead (embedded chain only): the operator's maker proposes, its checker approves. */
const advanceDays = (ctx: StoryContext, days: number) => proposeApprove(ctx, "operator", "post", "/clock/advance", { days });

/** The CST day `days` after the ledger's now. */
async function dayAfter(ctx: StoryContext, days: number): Promise<string> {
  const clock = await user(ctx, "operator", "admin").get<{ now: string }>("/clock");
  return formatCstDay(new Date(new Date(clock.now).getTime() + days * 86_400_000));
}

/** A fresh SHA-256 commitment to a document the parties keep off the ledger. */
const commitment = () => `0x${createHash("sha256").update(randomBytes(32)).digest("hex")}`;

/** Posts today's price of lithium carbonate; when today's is posted already (a second run), the next day's. */
async function postPrice(ctx: StoryContext, yuanPerTonne: string): Promise<void> {
  try {
    await user(ctx, "operator").post("/prices", { commodity: "LI2CO3", yuanPerTonne });
  } catch (e) {
    if (!(e instanceof ProblemError && e.code === "PRICE_ALREADY_POSTED")) throw e;
    await advanceDays(ctx, 1);
    await user(ctx, "operator").post("/prices", { commodity: "LI2CO3", yuanPerTonne });
  }
}

/** The seeded devices of bay A-01, their ids and counters as the platform knows them: a restart loses nothing. */
const fleet = (ctx: StoryContext, incident?: "weight-drop") => Fleet.seeded(ctx.client, warehouseMaker(), { incident, incidentAt: 0, stockGrams: PLEDGED_GRAMS });
const baseUrl = (ctx: StoryContext) => ctx.client.baseUrl;

interface Loan {
  id: string;
  status: string;
  principal: string;
  atRisk: boolean;
  margin: { state: string; ratioBps: string | null; callDeadline: string | null };
  drawdown: { value: string; limit: string; fee: string } | null;
  due: { principal: string; interest: string } | null;
}
interface Receipt {
  id: string;
  status: string;
  atRisk: boolean;
  openAlerts: { id: string; rule: string }[];
}

const addYuan = (a: string, b: string) => {
  const f = (y: string) => BigInt(y.replace(".", ""));
  const s = f(a) + f(b);
  return `${s / 100n}.${String(s % 100n).padStart(2, "0")}`;
};

export const PLEDGE_STEPS: Step[] = [
  {
    title: "Inventory pledge: find the warehouse, the owner, the bank and the seeded devices of bay A-01",
    async run(ctx) {
      const orgs = await user(ctx, "operator", "admin").all<{ id: string; uscc: string }>("/orgs");
      for (const who of ["operator", "regulator", "tier1", "bank", "bank2", "warehouse", "guarantor", "insurer"] as Who[]) {
        const o = orgs.find((x) => x.uscc === seededOrganisation(who).uscc);
        if (!o) throw new Error(`${who} is not on the platform: was it started with the seeds?`);
        state(ctx).orgs[who] = o.id;
      }
      // The devices report in first: a device silent for long (as after the first story's time travel) would have
      // its alert name the receipt about to be issued in its bay.
      const f = await fleet(ctx);
      const sent = await sendBatch(baseUrl(ctx), f.readings(0, new Date()));
      if (sent.status !== 201) throw new Error(`the devices' readings were refused: ${JSON.stringify(sent.body)}`);
      ctx.log(`${bilingualName(seededOrganisation("warehouse"))}: ${f.devices.map((d) => d.device.kind).join(", ")} in bay A-01 report in`);
    },
  },
  {
    title: "Lithium carbonate is weighed into bay A-01 and the warehouse issues a receipt (maker, then checker)",
    async run(ctx) {
      const s = state(ctx);
      const scale = (await fleet(ctx)).first("weighing-platform");
      const sent = await sendBatch(baseUrl(ctx), [scale.reading({ grams: PLEDGED_GRAMS }, new Date())]);
      if (sent.status !== 201) throw new Error(`the scale's reading was refused: ${JSON.stringify(sent.body)}`);
      const readingId = (sent.body as { readings: { id: string }[] }).readings[0].id;
      const issued = await proposeApprove(ctx, "warehouse", "post", "/receipts", {
        depositorOrgId: learnt(s.orgs.tier1, "the owner"),
        commodity: "LI2CO3",
        grade: "battery-99.5",
        quantity: String(PLEDGED_GRAMS),
        readingId,
        inbound: `IN-DEMO-${randomBytes(4).toString("hex")}`,
        bay: "A-01",
        document: commitment(),
      });
      s.receiptId = String(issued.id);
      ctx.log(`receipt ${s.receiptId}: 25 t of LI2CO3 for ${seededOrganisation("tier1").nameEn}, backed by reading ${readingId}`);
    },
  },
  {
    title: "The operator sets the pledge bounds and fee, the bank its 70 % rate, and today's price is posted",
    async run(ctx) {
      const s = state(ctx);
      // A call at 80 % of value: a 15 % fall of a loan drawn at 70 % (82.4 %) is called, not only warned.
      await proposeApprove(ctx, "operator", "put", "/pledges/bounds", { maxPledgeRateBps: 7000, warningBps: 7500, callBps: 8000, callDays: 3, graceDays: 10 });
      await proposeApprove(ctx, "operator", "put", "/pledges/fee", { feeBps: 50, recipientOrgId: learnt(s.orgs.operator, "the operator") });
      await proposeApprove(ctx, "bank", "put", "/pledges/rates/LI2CO3", { rateBps: 7000 });
      await postPrice(ctx, PRICE);
      // Storage is charged from today: the warehouse's tariff (maker, then checker), then the receipt's account.
      await proposeApprove(ctx, "warehouse", "put", "/fees/tariffs/LI2CO3", { storagePerTonneDay: STORAGE, supervisionPerTonneDay: SUPERVISION });
      await user(ctx, "warehouse").post(`/fees/accounts/${learnt(s.receiptId, "the receipt")}/open`);
      ctx.log(`bounds: at most 70 %, warning 75 %, call 80 % (3 days to answer); fee 0.50 %; LI2CO3 at ¥${PRICE}/t`);
      ctx.log(`warehouse tariff: storage ¥${STORAGE} and supervision ¥${SUPERVISION} a tonne a day; the receipt's fee account is open`);
    },
  },
  {
    title: "The owner pledges the receipt to the bank at 70 % and the bank draws the loan down (maker, then checker)",
    async run(ctx) {
      const s = state(ctx);
      const maturity = await dayAfter(ctx, 90);
      const loan = await user(ctx, "tier1").post<Loan>("/pledges", {
        receiptIds: [learnt(s.receiptId, "the receipt")],
        bankOrgId: learnt(s.orgs.bank, "the bank"),
        amount: LOAN,
        rateBps: 450,
        maturity,
      });
      s.loanId = loan.id;
      const receiptId = learnt(s.receiptId, "the receipt");
      // The bank lends with a guarantor behind half the loan (担保) and the goods insured (货物保险): the guarantor's
      // maker and checker commit its cash to the guarantee, the insurer underwrites the receipt to past maturity.
      const guarantee = await proposeApprove(ctx, "guarantor", "post", "/guarantees", {
        kind: "pledgeLoan",
        subject: loan.id,
        bankOrgId: learnt(s.orgs.bank, "the bank"),
        amount: GUARANTEED,
        expiry: await dayAfter(ctx, 120),
      });
      const policy = await user(ctx, "insurer").post<{ id: string }>("/policies", {
        receiptId,
        insured: INSURED,
        start: await dayAfter(ctx, 0),
        end: await dayAfter(ctx, 120),
        terms: commitment(),
      });
      s.cover = { guaranteeId: String(guarantee.id), guaranteed: GUARANTEED, policyId: policy.id, insured: INSURED };
      const drawn = (await proposeApprove(ctx, "bank", "post", `/pledges/${loan.id}/drawdown`)) as unknown as Loan;
      // Pledged goods are supervised (监管) from the drawdown, at the warehouse's supervision fee.
      await user(ctx, "warehouse").post(`/fees/accounts/${receiptId}/supervision/start`);
      const d = learnt(drawn.drawdown ?? undefined, "the drawdown");
      s.drawdown = { amount: LOAN, fee: d.fee, value: d.value, limit: d.limit };
      s.price = { before: PRICE, after: FALLEN_PRICE };
      ctx.log(`guarantee ${guarantee.id as string}: ${seededOrganisation("guarantor").nameEn} backs ¥${GUARANTEED} of loan ${loan.id} for the bank`);
      ctx.log(`cargo policy ${policy.id}: ${seededOrganisation("insurer").nameEn} insures receipt ${receiptId} for ¥${INSURED}, the bank its beneficiary while pledged`);
      ctx.log(`loan ${loan.id}: ¥${LOAN} on ¥${d.value} of goods (limit ¥${d.limit}), platform fee ¥${d.fee}, due ${maturity}; bay A-01 under supervision`);
    },
  },
  {
    title: "Readings flow from bay A-01: the weight matches the receipt, the door stays shut, the air is dry",
    async run(ctx) {
      const f = await fleet(ctx);
      for (let n = 0; n < 3; n += 1) {
        const sent = await sendBatch(baseUrl(ctx), f.readings(n, new Date()));
        if (sent.status !== 201) throw new Error(`readings refused: ${JSON.stringify(sent.body)}`);
      }
      const r = await user(ctx, "bank").get<Receipt>(`/receipts/${learnt(state(ctx).receiptId, "the receipt")}`);
      ctx.log(`9 signed readings stored; receipt at risk: ${r.atRisk ? "yes" : "no"}`);
    },
  },
  {
    title: "The price falls 15 %: the margin check calls the loan, and the owner repays part (maker, then checker)",
    async run(ctx) {
      const s = state(ctx);
      const id = learnt(s.loanId, "the loan");
      await advanceDays(ctx, 1);
      await postPrice(ctx, FALLEN_PRICE);
      const checked = await user(ctx, "bank").post<{ check: { outcome: string; ratioBps: string | null } }>(`/pledges/${id}/check`);
      const called = await user(ctx, "tier1").get<Loan>(`/pledges/${id}`);
      if (called.margin.state !== "called") throw new Error(`the loan was not called: ${JSON.stringify(checked.check)}`);
      const amount = addYuan(PART, learnt(called.due ?? undefined, "what is due").interest);
      await proposeApprove(ctx, "tier1", "post", `/pledges/${id}/repay`, { amount });
      await user(ctx, "tier1").post(`/pledges/${id}/check`);
      const after = await user(ctx, "tier1").get<Loan>(`/pledges/${id}`);
      s.marginCall = { ratioBps: called.margin.ratioBps ?? "?", deadline: called.margin.callDeadline, repaid: amount, after: after.margin.state };
      ctx.log(`LI2CO3 at ¥${FALLEN_PRICE}/t: loan at ${Number(called.margin.ratioBps) / 100} % of value, called until ${called.margin.callDeadline}; repaid ¥${amount}, principal now ¥${after.principal}, margin ${after.margin.state}`);
    },
  },
  {
    title: "The simulator drops bay A-01's weight, its door open: alerts, and the receipt and the loan are at risk",
    async run(ctx) {
      const s = state(ctx);
      const f = await fleet(ctx, "weight-drop");
      const sent = await sendBatch(baseUrl(ctx), f.readings(0, new Date()));
      if (sent.status !== 201) throw new Error(`readings refused: ${JSON.stringify(sent.body)}`);
      const receipt = await user(ctx, "bank").get<Receipt>(`/receipts/${learnt(s.receiptId, "the receipt")}`);
      const loan = await user(ctx, "bank").get<Loan>(`/pledges/${learnt(s.loanId, "the loan")}`);
      const regulator = user(ctx, "regulator", "admin");
      s.alerts = await Promise.all(
        receipt.openAlerts.map(async (a) => ({ ...a, explanation: (await regulator.get<{ explanation: { "en-US": string } }>(`/alerts/${a.id}`)).explanation["en-US"] })),
      );
      s.atRisk = { receipt: receipt.atRisk, loan: loan.atRisk };
      for (const a of s.alerts) ctx.log(`${a.rule}: ${a.explanation}`);
      ctx.log(`receipt at risk: ${receipt.atRisk ? "yes" : "no"}; loan at risk: ${loan.atRisk ? "yes" : "no"}`);
    },
  },
  {
    title: "A second pledge of the pledged receipt, to another bank, is refused",
    async run(ctx) {
      const s = state(ctx);
      const maturity = await dayAfter(ctx, 30);
      try {
        await user(ctx, "tier1").post("/pledges", { receiptIds: [learnt(s.receiptId, "the receipt")], bankOrgId: learnt(s.orgs.bank2, "the second bank"), amount: "1.00", rateBps: 450, maturity });
        throw new Error("the second pledge was accepted");
      } catch (e) {
        if (!(e instanceof ProblemError)) throw e;
        s.secondPledge = { status: e.status, code: e.code };
        ctx.log(`refused: ${e.status} ${e.code}`);
      }
    },
  },
  {
    title: "The regulator inspects bay A-01 and resolves the alerts; the weight reads true again",
    async run(ctx) {
      const s = state(ctx);
      const regulator = user(ctx, "regulator", "admin");
      for (const a of learnt(s.alerts, "the alerts")) {
        try {
          await regulator.post(`/alerts/${a.id}/resolve`, { note: "On-site count: 25 t present; a forklift stood on the platform with the door open during a stock check" });
        } catch (e) {
          if (!(e instanceof ProblemError && e.code === "ALERT_RESOLVED")) throw e;
        }
      }
      const f = await fleet(ctx);
      await sendBatch(baseUrl(ctx), f.readings(0, new Date()));
      const r = await user(ctx, "tier1").get<Receipt>(`/receipts/${learnt(s.receiptId, "the receipt")}`);
      ctx.log(`${s.alerts?.length ?? 0} alerts resolved; receipt at risk: ${r.atRisk ? "yes" : "no"}`);
    },
  },
  {
    title: "The owner repays the loan in full, the pledge is released, and the goods are delivered (maker, then checker)",
    async run(ctx) {
      const s = state(ctx);
      const id = learnt(s.loanId, "the loan");
      const loan = await user(ctx, "tier1").get<Loan>(`/pledges/${id}`);
      if (loan.status === "active") {
        const due = learnt(loan.due ?? undefined, "what is due");
        const amount = addYuan(due.principal, due.interest);
        const repaid = await proposeApprove(ctx, "tier1", "post", `/pledges/${id}/repay`, { amount });
        s.repaid = { amount, released: repaid.released === true };
      }
      const receiptId = learnt(s.receiptId, "the receipt");
      // Repaid, the bank lets the guarantor go, and supervision ends with the pledge.
      const guaranteeId = learnt(s.cover, "the guarantee").guaranteeId;
      if ((await user(ctx, "bank").get<{ status: string }>(`/guarantees/${guaranteeId}`)).status === "active") await user(ctx, "bank").post(`/guarantees/${guaranteeId}/release`);
      if ((await user(ctx, "tier1").get<{ supervising: boolean }>(`/fees/accounts/${receiptId}`)).supervising) await user(ctx, "warehouse").post(`/fees/accounts/${receiptId}/supervision/end`);
      if ((await user(ctx, "tier1").get<Receipt>(`/receipts/${receiptId}`)).status === "active") await proposeApprove(ctx, "tier1", "post", `/receipts/${receiptId}/deliver`);
      const r = await user(ctx, "tier1").get<Receipt>(`/receipts/${receiptId}`);
      s.delivered = r.status === "delivered";
      ctx.log(`repaid ¥${s.repaid?.amount ?? "?"}; released: ${s.repaid?.released ? "yes" : "no"}; guarantee released; receipt ${r.status}`);
    },
  },
  {
    title: "The owner pays the warehouse its storage and supervision fees, which closes the account (maker, then checker)",
    async run(ctx) {
      const s = state(ctx);
      const receiptId = learnt(s.receiptId, "the receipt");
      const account = await user(ctx, "tier1").get<{ closed: boolean }>(`/fees/accounts/${receiptId}`);
      if (!account.closed) {
        const { paid } = (await proposeApprove(ctx, "tier1", "post", `/fees/accounts/${receiptId}/pay`)) as { paid: { storage: string; supervision: string } };
        s.feesPaid = { storage: paid.storage, supervision: paid.supervision };
        ctx.log(`paid ¥${paid.storage} storage and ¥${paid.supervision} supervision to the warehouse; the account is closed`);
      }
      s.fees = (await user(ctx, "operator", "admin").get<{ items: PledgeStoryState["fees"] }>("/fees/report")).items;
    },
  },
];

/** The second story's summary: what the ledger and the sensors showed. */
export function pledgeSummary(ctx: StoryContext): string {
  const s = ctx.state.pledge;
  if (!s) return "";
  const lines = [
    "",
    "Inventory pledge (仓单质押) under IoT supervision",
    `Receipt ${s.receiptId}: 25 t LI2CO3 in bay A-01; loan ${s.loanId} of ¥${s.drawdown?.amount} on ¥${s.drawdown?.value} (limit ¥${s.drawdown?.limit})`,
    `Price ¥${s.price?.before} → ¥${s.price?.after}/t: margin called at ${Number(s.marginCall?.ratioBps) / 100} %, owner repaid ¥${s.marginCall?.repaid}, margin then ${s.marginCall?.after}`,
    `Weight drop: ${(s.alerts ?? []).map((a) => a.rule).join(", ")}; receipt at risk ${s.atRisk?.receipt ? "yes" : "no"}, loan at risk ${s.atRisk?.loan ? "yes" : "no"}`,
    `Second pledge of the pledged receipt refused with ${s.secondPledge?.status} ${s.secondPledge?.code}`,
    `Repaid ¥${s.repaid?.amount}; pledge released: ${s.repaid?.released ? "yes" : "no"}; goods delivered: ${s.delivered ? "yes" : "no"}`,
    `Guarantee ${s.cover?.guaranteeId} of ¥${s.cover?.guaranteed} released on repayment; cargo policy ${s.cover?.policyId} insures ¥${s.cover?.insured}`,
    `Warehouse fees paid as the goods left: storage ¥${s.feesPaid?.storage}, supervision ¥${s.feesPaid?.supervision}`,
    ...feeTable(s.fees ?? []),
  ];
  return lines.join("\n");
}

const FEE_LINES = ["storage", "supervision", "pledgeLoan", "financing", "dataService"] as const;

/** A party as the first story's tables print it: the cast's bilingual name, else what the platform calls it. */
function seededName(p: { name: string | null; account: string }): string {
  const org = ORGANISATIONS.find((o) => o.name === p.name);
  return org ? bilingualName(org) : (p.name ?? p.account);
}

function feeTable(rows: NonNullable<PledgeStoryState["fees"]>): string[] {
  return textTable(
    "Fees earned per party, as the ledger's events tell them (both stories)",
    ["party", ...FEE_LINES.map((l) => `${l} ¥`), "total ¥"],
    rows.map((r) => [seededName(r.party), ...FEE_LINES.map((k) => r.fees[k] ?? "0.00"), r.total]),
  );
}
