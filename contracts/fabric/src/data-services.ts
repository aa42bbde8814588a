/**
 * Data services (contracts/DataServices.sol): what the ledger keeps of documents, disclosures and consented risk
 * queries, never the data itself. A document's salted commitment is owned once; a disclosure is a digest of what a
 * holder showed a bank; a consent lets one bank query one organisation's profile until a time at most 366 days
 * ahead; each query is charged the operator's fee in settlement cash, drawn on the bank's allowance to
 * DATA_SERVICES_ACCOUNT.
 *
 * Keys: a document by its commitment, a consent by (subject, bank), the fee one record that only the operator
 * writes. Queries write no key of their own (the digest is in the event), so two banks' queries never conflict;
 * one bank's queries share its allowance key, as its ERC-20 allowance is one slot on the EVM.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { settle, spendAllowance } from "./cash";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireActive, requireCaller, requireOwnIdentity } from "./participants";
import { canonicalJson } from "./state";
import { DATA_SERVICES_ACCOUNT, ROLE, U40_MAX, U64_MAX, ZERO_ACCOUNT, ZERO_BYTES32, parseAccount, parseBytes32, parseUint } from "./values";

const DOCUMENT = "document";
const CONSENT = "consent";
const QUERY_FEE = "queryFee";
/** 366 days, in seconds: a consent ends within a year and a day of being given. */
const MAX_CONSENT = 366n * 86_400n;

interface Fee {
  fee: string;
  recipient: string;
}

const digestOf = (raw: string, what: string): string => {
  const digest = parseBytes32(raw, what);
  if (digest === ZERO_BYTES32) throw refusal("DataServicesInvalidArgument");
  return digest;
};

async function consentEnd(ctx: LedgerContext, subject: string, bank: string): Promise<bigint> {
  return BigInt((await ctx.state.get<{ until: string }>(CONSENT, [subject, bank]))?.until ?? "0");
}

@Info({ title: "DataServices", description: "Document commitments, disclosures, consents and paid risk queries" })
export class DataServicesContract extends LedgerContract {
  constructor() {
    super("DataServices");
  }

  @Transaction()
  async commitDocument(ctx: LedgerContext, commitment: string): Promise<void> {
    await requireCaller(ctx, 0);
    const c = digestOf(commitment, "commitment");
    if ((await ctx.state.get(DOCUMENT, [c])) !== undefined) throw refusal("DataServicesDocumentCommitted", c);
    await ctx.state.put(DOCUMENT, [c], { owner: ctx.caller.account });
    ctx.emit("DocumentCommitted", { owner: ctx.caller.account, commitment: c });
  }

  @Transaction()
  async recordDisclosure(ctx: LedgerContext, bank: string, voucherId: string, digest: string): Promise<void> {
    const bankAccount = parseAccount(bank, "bank");
    const id = parseUint(voucherId, "voucherId", U64_MAX);
    await requireCaller(ctx, 0);
    await requireActive(ctx, bankAccount, ROLE.bank);
    const d = digestOf(digest, "digest");
    ctx.emit("DisclosureRecorded", { holder: ctx.caller.account, bank: bankAccount, voucherId: id, digest: d });
  }

  @Transaction()
  async grantConsent(ctx: LedgerContext, bank: string, until: string): Promise<void> {
    const bankAccount = parseAccount(bank, "bank");
    const end = parseUint(until, "until", U40_MAX);
    if (bankAccount === ctx.caller.account) throw refusal("DataServicesSelfConsent", bankAccount);
    await requireCaller(ctx, 0);
    await requireActive(ctx, bankAccount, ROLE.bank);
    if (end <= ctx.state.now || end > ctx.state.now + MAX_CONSENT) throw refusal("DataServicesInvalidArgument");
    await ctx.state.put(CONSENT, [ctx.caller.account, bankAccount], { until: end.toString() });
    ctx.emit("ConsentGranted", { subject: ctx.caller.account, bank: bankAccount, until: end });
  }

  @Transaction()
  async withdrawConsent(ctx: LedgerContext, bank: string): Promise<void> {
    const bankAccount = parseAccount(bank, "bank");
    await requireOwnIdentity(ctx);
    const subject = ctx.caller.account;
    if ((await consentEnd(ctx, subject, bankAccount)) <= ctx.state.now) throw refusal("DataServicesNoConsent", subject, bankAccount);
    await ctx.state.delete(CONSENT, [subject, bankAccount]);
    ctx.emit("ConsentWithdrawn", { subject, bank: bankAccount });
  }

  @Transaction()
  async recordQuery(ctx: LedgerContext, subject: string, digest: string): Promise<void> {
    const subjectAccount = parseAccount(subject, "subject");
    await requireCaller(ctx, ROLE.bank);
    const d = digestOf(digest, "digest");
    const bank = ctx.caller.account;
    if ((await consentEnd(ctx, subjectAccount, bank)) <= ctx.state.now) throw refusal("DataServicesNoConsent", subjectAccount, bank);
    const f = await ctx.state.get<Fee>(QUERY_FEE, []);
    const fee = BigInt(f?.fee ?? "0");
    if (f && fee !== 0n) {
      await spendAllowance(ctx, bank, DATA_SERVICES_ACCOUNT, fee);
      await settle(ctx, bank, f.recipient, fee);
    }
    ctx.emit("RiskQueried", { bank, subject: subjectAccount, digest: d, fee });
  }

  @Transaction()
  async setQueryFee(ctx: LedgerContext, fee: string, recipient: string): Promise<void> {
    const value = parseUint(fee, "fee", U64_MAX);
    const to = parseAccount(recipient, "recipient");
    await requireCaller(ctx, ROLE.operator);
    await requireActive(ctx, to, ROLE.operator);
    await ctx.state.put(QUERY_FEE, [], { fee: value.toString(), recipient: to });
    ctx.emit("QueryFeeChanged", { fee: value, recipient: to });
  }

  /** When the consent ends, in seconds; 0 when none is in force. */
  @Transaction(false)
  @Returns("string")
  async consentUntil(ctx: LedgerContext, subject: string, bank: string): Promise<string> {
    const end = await consentEnd(ctx, parseAccount(subject, "subject"), parseAccount(bank, "bank"));
    return String(end > ctx.state.now ? end : 0n);
  }

  @Transaction(false)
  @Returns("string")
  async queryFee(ctx: LedgerContext): Promise<string> {
    const f = await ctx.state.get<Fee>(QUERY_FEE, []);
    return canonicalJson({ fee: f?.fee ?? "0", recipient: f?.recipient ?? ZERO_ACCOUNT });
  }

  /** The account that committed it, or the zero account. */
  @Transaction(false)
  @Returns("string")
  async documentOwner(ctx: LedgerContext, commitment: string): Promise<string> {
    return (await ctx.state.get<{ owner: string }>(DOCUMENT, [parseBytes32(commitment, "commitment")]))?.owner ?? ZERO_ACCOUNT;
  }
}
