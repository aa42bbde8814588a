/**
 * The rules that run on every batch of indexed ledger events, inside the indexer's transaction and after the
 * projection is written, so that they read the ledger's state as of those events. Each returns what it found;
 * the raiser (alert-raiser.ts) stores it.
 */
import type { EventOf, LedgerEvent } from "../../../chain/events";
import { formatCstDay } from "../../../chain/cst-day";
import type { Tx } from "../indexer/indexer.repository";
import { formatYuan } from "../money";
import type { AlertDraft } from "./alert-draft";
import type { AlertThresholds } from "./alert-thresholds";

type Rule = (tx: Tx, e: LedgerEvent, thresholds: AlertThresholds) => Promise<AlertDraft | undefined>;
type BatchRule = (tx: Tx, events: readonly LedgerEvent[], thresholds: AlertThresholds) => Promise<AlertDraft[]>;

const at = (e: LedgerEvent) => ({ blockNumber: e.blockNumber, logIndex: e.logIndex });

/** Used (or a lowered limit) at or above the threshold's share of the limit: the bank and the core enterprise are warned. */
const creditLineUtilisation: Rule = async (tx, e, thresholds) => {
  if (e.name !== "CreditLineUsed" && e.name !== "CreditLineAmended") return undefined;
  const { bank, core } = e.args;
  const line = await tx.creditLineState.findUnique({ where: { bank_core: { bank, core } } });
  if (!line?.open || line.limit === 0n || line.used * 10_000n < line.limit * BigInt(thresholds.creditLineUtilisationBps)) return undefined;
  const basisPoints = (line.used * 10_000n) / line.limit;
  return {
    rule: "credit-line-utilisation",
    severity: "warning",
    subject: `${bank}>${core}`,
    accounts: [bank, core],
    facts: {
      bankAccount: bank,
      coreAccount: core,
      used: formatYuan(line.used),
      limit: formatYuan(line.limit),
      utilisation: `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, "0")}`,
      threshold: `${thresholds.creditLineUtilisationBps / 100}`,
    },
    ...at(e),
  };
};

/** A maturity flagged overdue: its debtor and every holder still owed on it. */
const slotOverdue: Rule = async (tx, e) => {
  if (e.name !== "SlotOverdue") return undefined;
  const { debtor, maturity, shortfall } = e.args;
  const held = await tx.voucherState.findMany({ where: { debtor, maturity, value: { gt: 0n } }, select: { owner: true } });
  return {
    rule: "slot-overdue",
    severity: "critical",
    subject: `${debtor}@${maturity.getTime() / 1000}`,
    accounts: [...new Set([debtor, ...held.map((v) => v.owner)])],
    facts: { debtorAccount: debtor, maturity: formatCstDay(maturity), shortfall: formatYuan(shortfall), holders: String(new Set(held.map((v) => v.owner)).size) },
    ...at(e),
  };
};

/** A party frozen while it holds value: the debtors who owe it are warned, and the regulator sees what is stuck. */
const frozenPartyExposure: Rule = async (tx, e) => {
  if (e.name !== "ParticipantFreezeChanged" || !e.args.frozen) return undefined;
  const { account } = e.args;
  const held = await tx.voucherState.findMany({ where: { owner: account, value: { gt: 0n } }, select: { value: true, debtor: true } });
  if (!held.length) return undefined;
  return {
    rule: "frozen-party-exposure",
    severity: "warning",
    subject: account,
    accounts: [...new Set(held.map((v) => v.debtor))],
    facts: { account, held: formatYuan(held.reduce((sum, v) => sum + v.value, 0n)), vouchers: String(held.length) },
    ...at(e),
  };
};

/**
 * Value passed back to a party that held it earlier in its own lineage: each ancestor of a piece is the piece its
 * holder kept when passing on, so their owners are the lineage's earlier holders. The regulator's alone. Every
 * transfer of a batch is checked in one statement that walks all their lineages at once: the indexer must keep
 * its pace however many transfers a block holds.
 */
const circularPassing: BatchRule = async (tx, events) => {
  const transfers = events.filter((e): e is EventOf<"VoucherTransferred"> => e.name === "VoucherTransferred");
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
 * A concentration like that is how related-party payables are manufactured; the core enterprise is warned.
 */
const concentration: Rule = async (tx, e, t) => {
  if (e.name !== "VoucherIssued") return undefined;
  const { debtor, holder, maturity } = e.args;
  const from = new Date(maturity.getTime() - t.concentrationWindowDays * DAY_MS);
  const rows = await tx.$queryRaw<{ holder: string; issues: bigint; amount: bigint }[]>`
    SELECT args->>'holder' AS holder, count(*)::bigint AS issues, sum((args->>'amount')::numeric)::bigint AS amount
      FROM "LedgerEvent"
     WHERE name = 'VoucherIssued' AND args @> ${JSON.stringify({ debtor })}::jsonb
       AND (args->>'maturity')::timestamptz > ${from} AND (args->>'maturity')::timestamptz <= ${maturity}
     GROUP BY 1`;
  const issues = rows.reduce((n, r) => n + r.issues, 0n);
  const total = rows.reduce((n, r) => n + r.amount, 0n);
  const mine = rows.find((r) => r.holder === holder)?.amount ?? 0n;
  if (issues < BigInt(t.concentrationMinIssues) || total === 0n || mine * 10_000n < total * BigInt(t.concentrationShareBps)) return undefined;
  const bps = (mine * 10_000n) / total;
  return {
    rule: "concentration",
    severity: "warning",
    subject: `${debtor}>${holder}`,
    accounts: [debtor],
    facts: {
      coreAccount: debtor,
      supplierAccount: holder,
      share: `${bps / 100n}.${(bps % 100n).toString().padStart(2, "0")}`,
      received: formatYuan(mine),
      issued: formatYuan(total),
      issues: issues.toString(),
      windowDays: String(t.concentrationWindowDays),
      until: formatCstDay(maturity),
      threshold: String(t.concentrationShareBps / 100),
    },
    ...at(e),
  };
};

export const EVENT_RULES: readonly Rule[] = [creditLineUtilisation, slotOverdue, frozenPartyExposure, concentration];

/** Rules that look at a whole batch at once, each in one statement. */
export const BATCH_RULES: readonly BatchRule[] = [circularPassing];
