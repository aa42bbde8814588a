/**
 * The rules that run on every batch of indexed ledger events, inside the indexer's transaction and after the
 * projection is written, so that they read the ledger's state as of those events. Each returns what it found;
 * the raiser (alert-raiser.ts) stores it.
 */
import type { EventOf, LedgerEvent } from "../../../chain/events";
import { formatCstDay } from "../../../chain/cst-day";
import type { BlockTimes } from "../indexer/indexer";
import type { Tx } from "../indexer/indexer.repository";
import { lineKey, type ProjectionState } from "../indexer/projection-state";
import { formatYuan } from "../money";
import type { AlertDraft } from "./alert-draft";
import type { AlertThresholds } from "./alert-thresholds";

/**
 * A rule looks at a whole committed batch and says what it found. Each asks the database at most once or twice
 * per batch, whatever the batch holds: the indexer must keep its pace however many events a block brings.
 */
type Rule = (tx: Tx, events: readonly LedgerEvent[], thresholds: AlertThresholds, state: ProjectionState, times: BlockTimes) => Promise<AlertDraft[]>;

const named = <N extends LedgerEvent["name"]>(events: readonly LedgerEvent[], ...names: N[]) =>
  events.filter((e): e is EventOf<N> => (names as string[]).includes(e.name));

const at = (e: LedgerEvent) => ({ blockNumber: e.blockNumber, logIndex: e.logIndex });

/** Basis points as a percentage with two decimals: 9125n → "91.25". */
const percent = (bps: bigint) => `${bps / 100n}.${(bps % 100n).toString().padStart(2, "0")}`;

/**
 * Used (or a lowered limit) at or above the threshold's share of the limit: the bank and the core enterprise are
 * warned. The lines the batch touched are in the projection's state already, so this asks the database nothing.
 */
const creditLineUtilisation: Rule = (_tx, events, thresholds, state) => {
  const drafts = new Map<string, AlertDraft>();
  for (const e of named(events, "CreditLineUsed", "CreditLineAmended")) {
    const { bank, core } = e.args;
    const line = state.creditLines.rows.get(lineKey(bank, core));
    if (drafts.has(lineKey(bank, core)) || !line?.open || line.limit === 0n) continue;
    if (line.used * 10_000n < line.limit * BigInt(thresholds.creditLineUtilisationBps)) continue;
    const basisPoints = (line.used * 10_000n) / line.limit;
    drafts.set(lineKey(bank, core), {
      rule: "credit-line-utilisation",
      severity: "warning",
      subject: lineKey(bank, core),
      accounts: [bank, core],
      facts: {
        bankAccount: bank,
        coreAccount: core,
        used: formatYuan(line.used),
        limit: formatYuan(line.limit),
        utilisation: percent(basisPoints),
        threshold: `${thresholds.creditLineUtilisationBps / 100}`,
      },
      ...at(e),
    });
  }
  return Promise.resolve([...drafts.values()]);
};

/** A maturity flagged overdue: its debtor and every holder still owed on it. Rare: one query per flag. */
const slotOverdue: Rule = async (tx, events) => {
  const drafts: AlertDraft[] = [];
  for (const e of named(events, "SlotOverdue")) {
    const { debtor, maturity, shortfall } = e.args;
    const held = await tx.voucherState.findMany({ where: { debtor, maturity, value: { gt: 0n } }, select: { owner: true } });
    const holders = new Set(held.map((v) => v.owner));
    drafts.push({
      rule: "slot-overdue",
      severity: "critical",
      subject: `${debtor}@${maturity.getTime() / 1000}`,
      accounts: [...new Set([debtor, ...holders])],
      facts: { debtorAccount: debtor, maturity: formatCstDay(maturity), shortfall: formatYuan(shortfall), holders: String(holders.size) },
      ...at(e),
    });
  }
  return drafts;
};

/** A party frozen while it holds value: the debtors who owe it are warned, and the regulator sees what is stuck. Rare: one query per freeze. */
const frozenPartyExposure: Rule = async (tx, events) => {
  const drafts: AlertDraft[] = [];
  for (const e of named(events, "ParticipantFreezeChanged")) {
    if (!e.args.frozen) continue;
    const { account } = e.args;
    const held = await tx.voucherState.findMany({ where: { owner: account, value: { gt: 0n } }, select: { value: true, debtor: true } });
    if (!held.length) continue;
    drafts.push({
      rule: "frozen-party-exposure",
      severity: "warning",
      subject: account,
      accounts: [...new Set(held.map((v) => v.debtor))],
      facts: { account, held: formatYuan(held.reduce((sum, v) => sum + v.value, 0n)), vouchers: String(held.length) },
      ...at(e),
    });
  }
  return drafts;
};

/**
 * Value passed back to a party that held it earlier in its own lineage: each ancestor of a piece is the piece its
 * holder kept when passing on, so their owners are the lineage's earlier holders. The regulator's alone. Every
 * transfer of a batch is checked in one statement that walks all their lineages at once: the indexer must keep
 * its pace however many transfers a block holds.
 */
const circularPassing: Rule = async (tx, events) => {
  const transfers = named(events, "VoucherTransferred");
  if (!transfers.length) return [];
  const found = await tx.$queryRaw<{ n: bigint; id: bigint; root: bigint }[]>`
    WITH RECURSIVE t(parent, receiver, n) AS (
      SELECT * FROM unnest(${transfers.map((e) => e.args.parentId)}::bigint[], ${transfers.map((e) => e.args.to)}::text[]) WITH ORDINALITY
    ), lineage(n, receiver, id, owner, parent, root) AS (
      SELECT t.n, t.receiver, v.id, v.owner, v.parent, v.root FROM t JOIN "VoucherState" v ON v.id = t.parent
      UNION ALL
      SELECT l.n, l.receiver, v.id, v.owner, v.parent, v.root FROM "VoucherState" v JOIN lineage l ON v.id = l.parent
    )
    SELECT DISTINCT ON (n) n, id, root FROM lineage WHERE owner = receiver ORDER BY n, id DESC`;
  return found.map((f) => {
    const e = transfers[Number(f.n) - 1];
    const { to, id } = e.args;
    return {
      rule: "circular-passing",
      severity: "warning",
      subject: id.toString(),
      accounts: [],
      facts: { voucherId: id.toString(), rootId: f.root.toString(), heldBeforeAs: f.id.toString(), account: to },
      ...at(e),
    };
  });
};

const DAY_MS = 86_400_000;

/**
 * One supplier receiving most of a core enterprise's issuance: of the vouchers the core issued maturing in the
 * window up to this one's maturity (the events of this batch included), this supplier's share of the face value.
 * A concentration like that is how related-party payables are manufactured; the core enterprise is warned. The
 * rule keeps its own record of issues (Issuance), so that every issue of a batch is weighed in one statement that
 * reads an index range.
 */
const concentration: Rule = async (tx, events, t) => {
  const issues = named(events, "VoucherIssued");
  if (!issues.length) return [];
  await tx.$executeRaw`
    INSERT INTO "Issuance" ("id", "debtor", "holder", "amount", "maturity")
    SELECT * FROM unnest(${issues.map((e) => e.args.id)}::bigint[], ${issues.map((e) => e.args.debtor)}::text[], ${issues.map((e) => e.args.holder)}::text[],
                         ${issues.map((e) => e.args.amount)}::bigint[], ${issues.map((e) => e.args.maturity)}::timestamp(3)[])
    ON CONFLICT DO NOTHING`;
  const rows = await tx.$queryRaw<{ n: bigint; issues: bigint; issued: bigint; received: bigint }[]>`
    SELECT i.n, w.issues, w.issued, w.received
      FROM unnest(${issues.map((e) => e.args.debtor)}::text[], ${issues.map((e) => e.args.holder)}::text[],
                  ${issues.map((e) => new Date(e.args.maturity.getTime() - t.concentrationWindowDays * DAY_MS))}::timestamp(3)[],
                  ${issues.map((e) => e.args.maturity)}::timestamp(3)[]) WITH ORDINALITY AS i(debtor, holder, "from", until, n)
      CROSS JOIN LATERAL (
        SELECT count(*)::bigint AS issues, coalesce(sum(amount), 0)::bigint AS issued,
               coalesce(sum(amount) FILTER (WHERE holder = i.holder), 0)::bigint AS received
          FROM "Issuance" WHERE debtor = i.debtor AND maturity > i."from" AND maturity <= i.until) w
     WHERE w.issues >= ${t.concentrationMinIssues} AND w.issued > 0
       AND w.received::numeric * 10000 >= w.issued::numeric * ${t.concentrationShareBps}`;
  return rows.map((r) => {
    const e = issues[Number(r.n) - 1];
    const { debtor, holder, maturity } = e.args;
    return {
      rule: "concentration",
      severity: "warning",
      subject: `${debtor}>${holder}`,
      accounts: [debtor],
      facts: {
        coreAccount: debtor,
        supplierAccount: holder,
        share: percent((r.received * 10_000n) / r.issued),
        received: formatYuan(r.received),
        issued: formatYuan(r.issued),
        issues: r.issues.toString(),
        windowDays: String(t.concentrationWindowDays),
        until: formatCstDay(maturity),
        threshold: String(t.concentrationShareBps / 100),
      },
      ...at(e),
    };
  });
};

/**
 * Split-and-finance bursts: a seller financing many small pieces, each soon after the value reached it. Splitting
 * a receivable to slip under each bank's review, or to finance it with several banks at once, looks like this.
 * When the value reached the seller is the creation of the oldest piece in the unbroken run of its own pieces
 * that the financed one was split from (its receipt by transfer, or its issue to a tier-1 supplier); when it was
 * financed is the block time of the execution. Each executed financing's two times are kept (FinancingTiming), so
 * that a burst spread over several batches is counted in one query. The banks that financed the burst are
 * warned; the seller is not told.
 */
const splitAndFinanceBurst: Rule = async (tx, events, t, state, times) => {
  const executed = named(events, "FinancingExecuted").flatMap((e) => {
    const f = state.financing.rows.get(e.args.requestId);
    const financedAt = times.get(e.blockNumber);
    return f && financedAt ? [{ e, f, financedAt }] : [];
  });
  if (!executed.length) return [];
  const timed = await tx.$queryRaw<{ holder: string; counts: boolean }[]>`
    WITH RECURSIVE financing AS (
      SELECT * FROM unnest(${executed.map((x) => x.e.args.requestId)}::bigint[], ${executed.map((x) => x.f.holder)}::text[],
                           ${executed.map((x) => x.f.bank)}::text[], ${executed.map((x) => x.f.amount)}::bigint[],
                           ${executed.map((x) => x.f.voucherId)}::bigint[], ${executed.map((x) => x.financedAt)}::timestamp(3)[])
                    AS f(request, holder, bank, amount, voucher, at)
    ), own(request, holder, parent, created) AS (
      SELECT financing.request, financing.holder, v.parent, v."createdBlock" FROM financing JOIN "VoucherState" v ON v.id = financing.voucher
      UNION ALL
      SELECT own.request, own.holder, v.parent, v."createdBlock" FROM own JOIN "VoucherState" v ON v.id = own.parent AND v.owner = own.holder
    ), received AS (
      SELECT request, min(created) AS block FROM own GROUP BY request
    )
    INSERT INTO "FinancingTiming" ("requestId", holder, bank, amount, "receivedAt", "financedAt")
    SELECT financing.request, financing.holder, financing.bank, financing.amount, r.at, financing.at
      FROM financing JOIN received ON received.request = financing.request
      CROSS JOIN LATERAL (SELECT "blockTime" AS at FROM "LedgerEvent" WHERE "blockNumber" = received.block AND "blockTime" IS NOT NULL LIMIT 1) r
    ON CONFLICT DO NOTHING
    RETURNING holder, amount <= ${t.burstPieceMaxFen} AND "financedAt" - "receivedAt" <= make_interval(hours => ${t.burstReceiptHours}) AS counts`;
  // Only a financing that counts toward a burst can complete one.
  const holders = [...new Set(timed.filter((r) => r.counts).map((r) => r.holder))];
  if (!holders.length) return [];
  const bursts = await tx.$queryRaw<{ holder: string; financings: bigint; amount: bigint; banks: string[] }[]>`
    SELECT h.holder, count(*)::bigint AS financings, sum(f.amount)::bigint AS amount, array_agg(DISTINCT f.bank ORDER BY f.bank) AS banks
      FROM (SELECT holder, max("financedAt") AS latest FROM "FinancingTiming" WHERE holder = ANY(${holders}::text[]) GROUP BY holder) h
      JOIN "FinancingTiming" f ON f.holder = h.holder
     WHERE f."financedAt" > h.latest - make_interval(hours => ${t.burstWindowHours})
       AND f."financedAt" - f."receivedAt" <= make_interval(hours => ${t.burstReceiptHours})
       AND f.amount <= ${t.burstPieceMaxFen}
     GROUP BY h.holder
    HAVING count(*) >= ${t.burstFinancings}`;
  return bursts.map((b) => ({
    rule: "split-and-finance-burst",
    severity: "warning",
    subject: b.holder,
    accounts: b.banks,
    facts: {
      holderAccount: b.holder,
      financings: b.financings.toString(),
      amount: formatYuan(b.amount),
      banks: String(b.banks.length),
      windowHours: String(t.burstWindowHours),
      receiptHours: String(t.burstReceiptHours),
      pieceMax: formatYuan(t.burstPieceMaxFen),
    },
    ...at(executed.findLast((x) => x.f.holder === b.holder)?.e ?? executed[0].e),
  }));
};

export const RULES: readonly Rule[] = [creditLineUtilisation, slotOverdue, frozenPartyExposure, circularPassing, concentration, splitAndFinanceBurst];
