/**
 * The bank's side of an accepted request. Paying out is dual control: the bank's maker proposes, a different
 * checker approves through POST /approvals/{id}/approve, and only then does the ledger run the atomic exchange
 * (the voucher piece to the bank, the net cash to the holder, the fee to the platform). Declining needs one
 * person: it moves no money.
 *
 * A proposal claims the request (accepted → approving), so that of many makers proposing at once exactly one
 * action is created. A checker's rejection hands the request back (approving → accepted): the maker may propose
 * again, or the bank declines, or the request lapses at its deadline.
 */
import { z } from "zod";
import type { Ledger } from "../../../chain/ledger";
import type { Executed, DualControl, PendingActionView } from "../approvals/dual-control";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { formatYuan } from "../money";
import { isRetryable } from "../retryable";
import type { ApplicationRow, FinancingRepository, QuoteRow } from "./financing.repository";
import { closed, type ApplicationView, type FinancingService } from "./financing.service";
import { effectiveApr } from "./pricing";

export const FINANCING_APPROVE = "financing.approve";

const storedPayload = z.object({ applicationId: z.uuid() });
export type ApprovePayload = z.infer<typeof storedPayload>;
/** What the maker's proposal has already read: the checker's view of it is built from these, not read again. */
export interface ApproveProposal extends ApprovePayload {
  app: ApplicationRow;
  quote: QuoteRow;
}

const inApproval = () => new AppError("FINANCING_IN_APPROVAL", "An approval of this financing was already proposed; its checker decides it");

export class FinancingApproval {
  constructor(
    private readonly service: FinancingService,
    private readonly repo: FinancingRepository,
    private readonly ledger: Ledger,
    private readonly dual: DualControl,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  /** The bank's maker asks its checker to pay out. */
  async propose(maker: Actor, id: string): Promise<PendingActionView> {
    const { app, quote } = await this.service.acceptedFor(maker, id);
    if (app.status === "approving") throw inApproval();
    if (app.status !== "accepted") throw closed(`The request is ${app.status}`);
    if (!(await this.repo.transition(id, "accepted", "approving"))) {
      if ((await this.repo.get(id))?.status === "approving") throw inApproval();
      throw closed("The request changed meanwhile");
    }
    try {
      return await this.dual.propose(maker, FINANCING_APPROVE, { applicationId: id, app, quote } satisfies ApproveProposal);
    } catch (e) {
      await this.repo.transition(id, "approving", "accepted");
      throw e;
    }
  }

  /** What the checker sees it is approving: nothing the proposal's own claim (accepted → approving) changes. */
  async payload({ applicationId, app, quote }: ApproveProposal): Promise<unknown> {
    if (app.onChainRequestId === null) throw new AppError("NOT_FOUND", "No such financing request");
    return {
      applicationId,
      onChainRequestId: app.onChainRequestId.toString(),
      voucherId: app.voucherId.toString(),
      holder: await this.service.holderOf(app),
      amount: formatYuan(app.amount),
      rateBps: quote.rateBps,
      quotedNet: formatYuan(quote.net),
    };
  }

  /** The checker's approval: the ledger's atomic exchange. */
  async execute(checker: Actor, stored: unknown): Promise<Executed> {
    const payload = storedPayload.parse(stored);
    const app = await this.repo.get(payload.applicationId);
    const quote = app?.acceptedQuoteId ? await this.repo.quote(app.acceptedQuoteId) : undefined;
    if (!app || quote?.bankOrgId !== checker.org.id) throw new AppError("NOT_FOUND", "No such financing request");
    if (app.status !== "approving" || app.onChainRequestId === null) throw closed(`The request is ${app.status}`);
    let receipt;
    try {
      await this.service.holds.mustBeFree(app.voucherId);
      receipt = await this.ledger.financing.execute(checker.org.account, app.onChainRequestId);
    } catch (e) {
      // A refusal (expired, not enough cash…) hands the request back to the maker; a ledger that did not answer
      // leaves the action pending for the checker to retry.
      if (!isRetryable(e)) await this.repo.transition(app.id, "approving", "accepted");
      throw e;
    }
    // The ledger has paid: whatever closing was being attempted meanwhile has lost.
    await this.repo.transition(app.id, ["approving", "cancelling", "declining", "releasing"], "executed");
    await this.afterLedgerWrite(receipt.blockNumber);
    const r = receipt.result;
    const timing = await this.service.timing(app.onChainRequestId, receipt.blockNumber);
    return {
      txHash: receipt.txHash,
      applicationId: app.id,
      onChainRequestId: app.onChainRequestId.toString(),
      pieceId: r.pieceId.toString(),
      days: r.days,
      amount: formatYuan(app.amount),
      interest: formatYuan(r.interest),
      fee: formatYuan(r.fee),
      net: formatYuan(r.net),
      effectiveApr: effectiveApr(r),
      acceptedAt: timing?.acceptedAt.toISOString() ?? null,
      paidAt: timing?.paidAt.toISOString() ?? null,
      acceptanceToCashSeconds: timing?.acceptanceToCashSeconds ?? null,
    };
  }

  /** The checker rejected the payout: the request is the maker's again. */
  async handBack(stored: unknown): Promise<void> {
    await this.repo.transition(storedPayload.parse(stored).applicationId, "approving", "accepted");
  }

  /** The accepted bank says no: the ledger lets the holder's lock go. */
  async decline(actor: Actor, id: string): Promise<{ view: ApplicationView; txHash: string }> {
    const { app } = await this.service.acceptedFor(actor, id);
    const receipt = await this.service.onChain(app, "declining", "declined", (requestId) => this.ledger.financing.decline(actor.org.account, requestId));
    return { view: await this.service.get(actor, id), txHash: receipt.txHash };
  }
}
