import type { Ledger } from "../../../chain/ledger";
import type { CashRow, CreditLineRow, FinancingRow, InvoiceRow, ParticipantRow, SlotRow, VoucherRow } from "./projection";
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
}

export interface Difference {
  entity: "participant" | "creditLine" | "invoice" | "voucher" | "slot" | "financing" | "cash";
  key: string;
  field: string;
  projection: string;
  chain: string;
}

/** What a projected field and its ledger counterpart can be: the rows hold nothing else. */
type Value = string | number | bigint | boolean | Date | readonly string[] | null | undefined;

const show = (v: Value): string =>
  v === undefined || v === null ? "(none)" : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(",") : String(v);

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

  return diffs;
}
