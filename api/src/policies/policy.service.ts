/**
 * Cargo policies (货物保险) on warehouse receipts. An insurer's maker underwrites a policy on an active or pledged
 * receipt; on a loss the receipt's owner, or the bank of the loan it is pledged to, files a claim; the insurer's
 * maker proposes paying it and its checker pays (the bank while the receipt secures a drawn loan, else the owner),
 * or the insurer rejects it. Paying moves money, so it is a maker's proposal and a checker's approval; the rest
 * moves none. Each refusal the ledger would make is checked here first.
 */
import type { Bytes32, Fen, Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import type { Clock } from "../clock";
import { OnePaymentAtATime } from "../domain/one-payment-at-a-time";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { CargoPolicyRow, PolicyClaimRow, ReceiptRow } from "../indexer/projection";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { ReceiptRepository } from "../receipts/receipt.repository";
import type { PolicyRepository } from "./policy.repository";

export interface ClaimView extends PolicyClaimRow {
  claimantParty: Party;
  beneficiaryParty: Party | null;
}

export interface PolicyView extends CargoPolicyRow {
  insurerParty: Party;
  claims: ClaimView[];
}

export class PolicyService {
  private readonly payments = new OnePaymentAtATime();

  constructor(
    private readonly ledger: Ledger,
    private readonly repo: PolicyRepository,
    private readonly receipts: ReceiptRepository,
    private readonly orgs: OrganisationRepository,
    private readonly clock: Clock,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  private async views(rows: CargoPolicyRow[]): Promise<PolicyView[]> {
    const claims = await this.repo.claimsOf(rows.map((p) => p.id));
    const accounts = [...rows.map((p) => p.insurer), ...claims.flatMap((c) => [c.claimant, ...(c.beneficiary ? [c.beneficiary] : [])])];
    const byAccount = await this.orgs.byAccounts([...new Set(accounts)]);
    return rows.map((p) => ({
      ...p,
      insurerParty: partyOfAccount(p.insurer, byAccount),
      claims: claims
        .filter((c) => c.policyId === p.id)
        .map((c) => ({ ...c, claimantParty: partyOfAccount(c.claimant, byAccount), beneficiaryParty: c.beneficiary ? partyOfAccount(c.beneficiary, byAccount) : null })),
    }));
  }

  /** The bank of the loan that holds the receipt now, while it is pledged. */
  private async pledgee(r: ReceiptRow): Promise<string | undefined> {
    if (r.status !== "pledged" || r.loanId === null) return undefined;
    return (await this.receipts.banksOf([r.loanId])).get(r.loanId);
  }

  /** Its insurer's, the receipt's owner's and pledgee bank's, the operator's and the regulator's to see; else 404. */
  async get(actor: Actor, id: bigint): Promise<PolicyView> {
    const p = await this.repo.get(id);
    if (!p || !(seesEverything(actor) || p.insurer === actor.org.account || (await this.insured(actor, p)))) throw new AppError("NOT_FOUND", "No such cargo policy");
    return (await this.views([p]))[0];
  }

  /** Whether the actor owns the insured receipt, or holds it in pledge. */
  private async insured(actor: Actor, p: CargoPolicyRow): Promise<boolean> {
    const r = await this.receipts.get(p.receiptId);
    return r !== undefined && (r.owner === actor.org.account || (await this.pledgee(r)) === actor.org.account);
  }

  async list(actor: Actor, q: PageQuery): Promise<Page<PolicyView>> {
    const page = await this.repo.list(q, seesEverything(actor) ? {} : { party: actor.org.account });
    return mapPageAsync(page, (rows) => this.views(rows));
  }

  async underwrite(actor: Actor, p: { receiptId: bigint; insured: Fen; start: Date; end: Date; terms: Bytes32 }): Promise<PolicyView & { txHash: string }> {
    const r = await this.receipts.get(p.receiptId);
    if (!r) throw new AppError("NOT_FOUND", "No such warehouse receipt");
    if (r.status !== "active" && r.status !== "pledged") throw new AppError("POLICY_RECEIPT_NOT_INSURABLE", `The receipt is ${r.status}`);
    if (p.end.getTime() <= p.start.getTime() || p.end.getTime() <= this.clock.now().getTime()) throw new AppError("POLICY_INVALID_PERIOD");
    const current = await this.ledger.policies.policyOf(p.receiptId);
    const inForce = current === 0n ? undefined : await this.ledger.policies.policy(current);
    if (inForce && inForce.end.getTime() > this.clock.now().getTime() && inForce.paid < inForce.insured) {
      throw new AppError("POLICY_ALREADY_INSURED", `Policy ${current} covers it`);
    }
    const tx = await this.ledger.policies.underwrite(actor.org.account, p);
    await this.afterLedgerWrite(tx.blockNumber);
    return { ...(await this.get(actor, tx.result)), txHash: tx.txHash };
  }

  async fileClaim(actor: Actor, policyId: bigint, c: { loss: Fen; evidence: Bytes32 }): Promise<PolicyView & { claimId: bigint; txHash: string }> {
    const p = await this.get(actor, policyId);
    const r = await this.receipts.get(p.receiptId);
    const bank = r ? await this.pledgee(r) : undefined;
    if (!r || (r.owner !== actor.org.account && bank !== actor.org.account)) throw new AppError("POLICY_NOT_INSURED");
    if (r.status !== "active" && r.status !== "pledged") throw new AppError("POLICY_RECEIPT_NOT_INSURABLE", `The receipt is ${r.status}`);
    const now = this.clock.now().getTime();
    if (now < p.start.getTime() || now > p.end.getTime()) throw new AppError("POLICY_NOT_IN_FORCE");
    if (p.paid >= p.insured) throw new AppError("POLICY_INVALID_AMOUNT", "The cover is used up");
    const pending = p.claims.find((x) => x.status === "filed");
    if (pending) throw new AppError("POLICY_CLAIM_PENDING", `Claim ${pending.id} awaits the insurer`);
    const tx = await this.ledger.policies.fileClaim(actor.org.account, { policyId, loss: c.loss, evidence: c.evidence, loanId: bank ? (r.loanId ?? 0n) : 0n });
    await this.afterLedgerWrite(tx.blockNumber);
    return { ...(await this.get(actor, policyId)), claimId: tx.result, txHash: tx.txHash };
  }

  /** The claim awaiting the actor as its policy's insurer; anyone else's is 404, the claimant's 403. */
  private async filed(actor: Actor, claimId: bigint): Promise<{ claim: PolicyClaimRow; policy: PolicyView }> {
    const claim = await this.repo.claim(claimId);
    if (!claim) throw new AppError("NOT_FOUND", "No such claim");
    const policy = await this.get(actor, claim.policyId).catch((e: unknown) => {
      throw e instanceof AppError ? new AppError("NOT_FOUND", "No such claim") : e;
    });
    if (policy.insurer !== actor.org.account) throw new AppError("POLICY_NOT_INSURER");
    if (claim.status !== "filed") throw new AppError("POLICY_CLAIM_NOT_FILED", `The claim is ${claim.status}`);
    return { claim, policy };
  }

  /** Accepting: at most the loss and the cover left, from cash the insurer holds. */
  async checkAccept(actor: Actor, claimId: bigint, amount: Fen): Promise<{ claim: PolicyClaimRow; policy: PolicyView }> {
    const f = await this.filed(actor, claimId);
    const left = f.policy.insured - f.policy.paid;
    const limit = f.claim.loss < left ? f.claim.loss : left;
    if (amount > limit) throw new AppError("POLICY_INVALID_AMOUNT", `At most ${limit} fen`);
    if ((await this.ledger.cash.balanceOf(actor.org.account)) < amount) throw new AppError("CASH_INSUFFICIENT_BALANCE");
    return f;
  }

  async accept(checker: Actor, claimId: bigint, amount: Fen): Promise<PolicyView & { txHash: string; beneficiary: Party }> {
    const { policy } = await this.checkAccept(checker, claimId, amount);
    const r = await this.receipts.get(policy.receiptId);
    const loanId = r && (await this.pledgee(r)) ? (r.loanId ?? 0n) : 0n;
    const me = checker.org.account;
    const tx = await this.payments.run(me, async () => {
      await this.ledger.cash.approve(me, this.ledger.policies.address, amount);
      return this.ledger.policies.acceptClaim(me, claimId, amount, loanId);
    });
    await this.afterLedgerWrite(tx.blockNumber);
    const beneficiary = partyOfAccount(tx.result, await this.orgs.byAccounts([tx.result]));
    return { ...(await this.get(checker, policy.id)), beneficiary, txHash: tx.txHash };
  }

  async reject(actor: Actor, claimId: bigint, reason: Bytes32): Promise<PolicyView & { txHash: string }> {
    const { policy } = await this.filed(actor, claimId);
    const tx = await this.ledger.policies.rejectClaim(actor.org.account, claimId, reason);
    await this.afterLedgerWrite(tx.blockNumber);
    return { ...(await this.get(actor, policy.id)), txHash: tx.txHash };
  }
}
