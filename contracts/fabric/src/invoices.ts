/**
 * Invoices (contracts/Invoices.sol): the anti-double-financing core. An invoice is keyed by keccak256 of its
 * canonical identity, computed by the client exactly as chain/invoice-key.ts does for the EVM, so one invoice
 * has one key on every ledger. A key is registered once, ever; its use never exceeds its amount.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireActive, requireCaller } from "./participants";
import { canonicalJson } from "./state";
import { ROLE, U64_MAX, ZERO_BYTES32, parseAccount, parseBytes32, parseUint } from "./values";

interface InvoiceRecord {
  seller: string;
  buyer: string;
  amount: string;
  used: string;
  confirmed: boolean;
  commitment: string;
}

const INVOICE = "invoice";

async function existing(ctx: LedgerContext, key: string): Promise<InvoiceRecord> {
  const inv = await ctx.state.get<InvoiceRecord>(INVOICE, [key]);
  if (inv === undefined) throw refusal("InvoicesNotFound", key);
  return inv;
}

/**
 * Uses `amount` of the invoices `keys`, in order, as backing for `voucherId`: each must be confirmed, from
 * `seller` to `buyer`, and give something; together they must cover `amount`.
 */
export async function consumeInvoices(
  ctx: LedgerContext,
  keys: readonly string[],
  parties: { seller: string; buyer: string },
  amount: bigint,
  voucherId: bigint,
): Promise<void> {
  let remaining = amount;
  for (const key of keys) {
    const inv = await existing(ctx, key);
    if (!inv.confirmed) throw refusal("InvoicesNotConfirmed", key);
    if (inv.seller !== parties.seller || inv.buyer !== parties.buyer) {
      throw refusal("InvoicesPartyMismatch", key, inv.seller, inv.buyer);
    }
    const free = BigInt(inv.amount) - BigInt(inv.used);
    const take = free < remaining ? free : remaining;
    if (take === 0n) throw refusal("InvoicesExhausted", key);
    const used = BigInt(inv.used) + take;
    await ctx.state.put(INVOICE, [key], { ...inv, used: used.toString() });
    remaining -= take;
    ctx.emit("InvoiceUsed", { key, voucherId, amount: take, used });
  }
  if (remaining !== 0n) throw refusal("InvoicesInsufficient", amount - remaining, amount);
}

export const parseInvoiceKey = (raw: unknown): string => parseBytes32(raw, "invoiceKey");

@Info({ title: "Invoices", description: "Invoices that back vouchers, each registered once, ever" })
export class InvoicesContract extends LedgerContract {
  constructor() {
    super("Invoices");
  }

  @Transaction()
  async register(ctx: LedgerContext, key: string, buyer: string, amount: string, commitment: string): Promise<void> {
    await requireCaller(ctx, ROLE.supplier);
    const buyerAccount = parseAccount(buyer, "buyer");
    await requireActive(ctx, buyerAccount, 0);
    const invoiceKey = parseInvoiceKey(key);
    const value = parseUint(amount, "amount", U64_MAX);
    const hash = parseBytes32(commitment, "commitment");
    const seller = ctx.caller.account;
    if (invoiceKey === ZERO_BYTES32 || value === 0n || buyerAccount === seller) throw refusal("InvoicesInvalid");
    if ((await ctx.state.get(INVOICE, [invoiceKey])) !== undefined) throw refusal("InvoicesAlreadyRegistered", invoiceKey);
    const record: InvoiceRecord = { seller, buyer: buyerAccount, amount: value.toString(), used: "0", confirmed: false, commitment: hash };
    await ctx.state.put(INVOICE, [invoiceKey], record);
    ctx.emit("InvoiceRegistered", { key: invoiceKey, seller, buyer: buyerAccount, amount: value, commitment: hash });
  }

  @Transaction()
  async confirm(ctx: LedgerContext, key: string): Promise<void> {
    const invoiceKey = parseInvoiceKey(key);
    const inv = await existing(ctx, invoiceKey);
    if (inv.buyer !== ctx.caller.account) throw refusal("InvoicesNotBuyer", invoiceKey, ctx.caller.account);
    await requireCaller(ctx, 0);
    if (inv.confirmed) throw refusal("InvoicesAlreadyConfirmed", invoiceKey);
    await ctx.state.put(INVOICE, [invoiceKey], { ...inv, confirmed: true });
    ctx.emit("InvoiceConfirmed", { key: invoiceKey, buyer: inv.buyer });
  }

  /** The invoice's record, or "null" when the key was never registered. */
  @Transaction(false)
  @Returns("string")
  async get(ctx: LedgerContext, key: string): Promise<string> {
    const invoiceKey = parseInvoiceKey(key);
    const inv = await ctx.state.get<InvoiceRecord>(INVOICE, [invoiceKey]);
    return canonicalJson(inv === undefined ? null : { key: invoiceKey, ...inv });
  }
}
