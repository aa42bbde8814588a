import { ChainError } from "../../../chain/errors";
import type { Ledger } from "../../../chain/ledger";
import type {
  CargoPolicyRow,
  CashRow,
  CreditLineRow,
  FeeAccountRow,
  FinancingRow,
  GuaranteeRow,
  InvoiceRow,
  ParticipantRow,
  PledgeLoanRow,
  PolicyClaimRow,
  PriceRow,
  ReceiptRow,
  SlotRow,
  VoucherRow,
} from "./projection";
import { statusOf } from "./projection";

/** Everything the projection holds, for comparison with the chain. */
export interface ProjectionReader {
  participants(): Promise<ParticipantRow[]>;
  creditLines(): Promise<CreditLineRow[]>;
  invoices(): Promise<InvoiceRow[]>;
  vouchers(): Promise<VoucherRow[]>;
  slots(): Promise<SlotRow[]>;
  pendingFinancing(): Promise<FinancingRow[]>;
  cash(): Promise<CashRow[]>;
  receipts(): Promise<ReceiptRow[]>;
  loans(): Promise<PledgeLoanRow[]>;
  prices(): Promise<PriceRow[]>;
  guarantees(): Promise<GuaranteeRow[]>;
  policies(): Promise<CargoPolicyRow[]>;
  claims(): Promise<PolicyClaimRow[]>;
  feeAccounts(): Promise<FeeAccountRow[]>;
}

/** What a difference can be about: the projection's tables that mirror ledger state. */
export const DIFFERENCE_ENTITIES = ["participant", "creditLine", "invoice", "voucher", "slot", "financing", "cash", "receipt", "pledgeLoan", "price", "guarantee", "policy", "claim", "feeAccount"] as const;

export interface Difference {
  entity: (typeof DIFFERENCE_ENTITIES)[number];
  key: string;
  field: string;
  projection: string;
  chain: string;
}

/** What a projected field and its ledger counterpart can be: the rows hold nothing else. */
type Value = string | number | bigint | boolean | Date | readonly string[] | null | undefined;

const show = (v: Value): string =>
  v === undefined || v === null ? "(none)" : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(",") : String(v);

/** A ledger that keeps no warehouse receipts (Fabric's chaincode, so far) has issued none. */
const noneWhereUnsupported = (e: unknown): bigint => {
  if (e instanceof ChainError && e.code === "LEDGER_UNSUPPORTED") return 0n;
  throw e;
};

async function inChunks<T>(items: readonly T[], fn: (item: T) => Promise<void>, size = 32): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * Compares the projection with the on-chain state, value by value, and returns every difference: the
 * regulator's check that the database tells the same story as the ledger. Call it with the indexer caught up.
 */
export async function reconcile(ledger: Ledger, projection: ProjectionReader): Promise<Difference[]> {
  const diffs: Difference[] = [];
  const compare = (entity: Difference["entity"], key: string, pairs: Record<string, [Value, Value]>) => {
    for (const [field, [p, c]] of Object.entries(pairs)) {
      if (show(p) !== show(c)) diffs.push({ entity, key, field, projection: show(p), chain: show(c) });
    }
  };

  await inChunks(await projection.participants(), async (row) => {
    const p = await ledger.participants.get(row.account);
    compare("participant", row.account, {
      roles: [row.roles, p.roles],
      status: [statusOf(row), p.status],
      kycHash: [row.kycHash, p.kycHash],
    });
  });

  await inChunks(await projection.creditLines(), async (row) => {
    const l = await ledger.creditLines.get(row.bank, row.core);
    compare("creditLine", `${row.bank}>${row.core}`, {
      limit: [row.limit, l.limit],
      used: [row.used, l.used],
      expiry: [row.expiry, l.expiry],
      open: [row.open, l.open],
    });
  });

  await inChunks(await projection.invoices(), async (row) => {
    const i = await ledger.invoices.get(row.key);
    compare("invoice", row.key, { used: [row.used, i?.used], confirmed: [row.confirmed, i?.confirmed], amount: [row.amount, i?.amount] });
  });

  const vouchers = await projection.vouchers();
  // Every id the ledger minted, listed: on Fabric ids are not 1..lastId.
  const known = new Set(vouchers.map((v) => v.id));
  for (const id of await ledger.vouchers.ids()) {
    if (!known.has(id)) diffs.push({ entity: "voucher", key: String(id), field: "exists", projection: "(none)", chain: "minted" });
  }
  await inChunks(vouchers, async (row) => {
    const v = await ledger.vouchers.get(row.id);
    compare("voucher", String(row.id), {
      owner: [row.owner, v?.owner],
      value: [row.value, v?.value],
      redeemedValue: [row.redeemedValue, v?.redeemedValue],
      locked: [row.locked, v?.locked],
      depth: [row.depth, v?.depth],
      financed: [row.financed, v?.financed],
      root: [row.root, v?.root],
      parent: [row.parent, v?.parent],
      debtor: [row.debtor, v?.debtor],
      maturity: [row.maturity, v?.maturity],
    });
  });

  await inChunks(await projection.slots(), async (row) => {
    const s = await ledger.vouchers.slotAccount(row.debtor, row.maturity);
    compare("slot", `${row.debtor}@${row.maturity.toISOString()}`, {
      outstanding: [row.outstanding, s.outstanding],
      escrowed: [row.escrowed, s.escrowed],
    });
  });

  await inChunks(await projection.pendingFinancing(), async (row) => {
    const f = await ledger.financing.get(row.id);
    compare("financing", String(row.id), { pending: [true, f !== undefined], amount: [row.amount, f?.amount] });
  });

  const cash = await projection.cash();
  await inChunks(cash, async (row) => {
    compare("cash", row.account, { balance: [row.balance, await ledger.cash.balanceOf(row.account)] });
  });
  const supply = cash.reduce((s, r) => s + r.balance, 0n);
  compare("cash", "totalSupply", { total: [supply, await ledger.cash.totalSupply()] });

  await reconcileInventory(ledger, projection, compare, diffs);
  await reconcileCover(ledger, projection, compare, diffs);
  return diffs;
}

/** Receipts (every one the ledger issued), pledge loans and the posted prices. */
async function reconcileInventory(
  ledger: Ledger,
  projection: ProjectionReader,
  compare: (entity: Difference["entity"], key: string, pairs: Record<string, [Value, Value]>) => void,
  diffs: Difference[],
): Promise<void> {
  const receipts = await projection.receipts();
  const known = new Set(receipts.map((r) => r.id));
  const last = await ledger.receipts.lastId().catch(noneWhereUnsupported);
  for (let id = 1n; id <= last; id++) {
    if (!known.has(id)) diffs.push({ entity: "receipt", key: String(id), field: "exists", projection: "(none)", chain: "issued" });
  }
  await inChunks(receipts, async (row) => {
    const r = await ledger.receipts.get(row.id);
    compare("receipt", String(row.id), {
      owner: [row.owner, r?.owner],
      warehouse: [row.warehouse, r?.warehouse],
      status: [row.status, r?.status],
      parent: [row.parent, r?.parent],
      commodity: [row.commodity, r?.commodity],
      grade: [row.grade, r?.grade],
      quantity: [row.quantity, r?.quantity],
      location: [row.location, r?.location],
      document: [row.document, r?.document],
    });
  });

  await inChunks(await projection.loans(), async (row) => {
    const [l, pledged] = await Promise.all([ledger.pledges.get(row.id), ledger.pledges.receiptsOf(row.id)]);
    compare("pledgeLoan", String(row.id), {
      borrower: [row.borrower, l?.borrower],
      bank: [row.bank, l?.bank],
      status: [row.status, l?.status],
      quantity: [row.quantity, l?.quantity],
      principal: [row.principal, l?.principal],
      receipts: [row.receiptIds.map(String), pledged.map(String)],
      callDeadline: [row.callDeadline, l?.callDeadline],
    });
  });

  await inChunks(await projection.prices(), async (row) => {
    const p = await ledger.prices.priceOn(row.commodity, row.day);
    compare("price", `${row.commodity}@${row.day}`, { fenPerTonne: [row.fenPerTonne, p?.fenPerTonne], publisher: [row.publisher, p?.publisher] });
  });
}

/** Guarantees, cargo policies and their claims (every one the ledger made), and the receipts' fee accounts. */
async function reconcileCover(
  ledger: Ledger,
  projection: ProjectionReader,
  compare: (entity: Difference["entity"], key: string, pairs: Record<string, [Value, Value]>) => void,
  diffs: Difference[],
): Promise<void> {
  const missing = (entity: Difference["entity"], rows: { id: bigint }[], last: bigint) => {
    const known = new Set(rows.map((r) => r.id));
    for (let id = 1n; id <= last; id++) if (!known.has(id)) diffs.push({ entity, key: String(id), field: "exists", projection: "(none)", chain: "made" });
  };
  const [guarantees, policies, claims] = await Promise.all([projection.guarantees(), projection.policies(), projection.claims()]);
  const [lastGuarantee, lastPolicies] = await Promise.all([
    ledger.guarantees.lastId().catch(noneWhereUnsupported),
    ledger.policies.lastIds().catch((e: unknown) => ({ policyId: noneWhereUnsupported(e), claimId: 0n })),
  ]);
  missing("guarantee", guarantees, lastGuarantee);
  missing("policy", policies, lastPolicies.policyId);
  missing("claim", claims, lastPolicies.claimId);

  await inChunks(guarantees, async (row) => {
    const g = await ledger.guarantees.get(row.id);
    compare("guarantee", String(row.id), {
      guarantor: [row.guarantor, g?.guarantor],
      bank: [row.bank, g?.bank],
      kind: [row.kind, g?.kind],
      subject: [row.subject, g?.subject],
      amount: [row.amount, g?.amount],
      expiry: [row.expiry, g?.expiry],
      status: [row.status, g?.status],
      paid: [row.paid, g?.paid],
      obligor: [row.obligor, g?.obligor],
      recovered: [row.recovered, g?.recovered],
    });
  });
  await inChunks(policies, async (row) => {
    const p = await ledger.policies.policy(row.id);
    compare("policy", String(row.id), {
      receiptId: [row.receiptId, p?.receiptId],
      insurer: [row.insurer, p?.insurer],
      insured: [row.insured, p?.insured],
      paid: [row.paid, p?.paid],
      start: [row.start, p?.start],
      end: [row.end, p?.end],
      terms: [row.terms, p?.terms],
    });
  });
  await inChunks(claims, async (row) => {
    const c = await ledger.policies.claim(row.id);
    compare("claim", String(row.id), {
      policyId: [row.policyId, c?.policyId],
      claimant: [row.claimant, c?.claimant],
      status: [row.status, c?.status],
      loss: [row.loss, c?.loss],
      paid: [row.paid, c?.paid],
      beneficiary: [row.beneficiary, c?.beneficiary],
    });
  });
  await inChunks(await projection.feeAccounts(), async (row) => {
    const a = await ledger.fees.account(row.receiptId);
    compare("feeAccount", String(row.receiptId), {
      warehouse: [row.warehouse, a?.warehouse],
      storageFenPerTonneDay: [row.storageFenPerTonneDay, a?.storageFenPerTonneDay],
      supervisionFenPerTonneDay: [row.supervisionFenPerTonneDay, a?.supervisionFenPerTonneDay],
      supervising: [row.supervising, a?.supervising],
      closed: [row.closed, a?.closed],
    });
  });
}
