/**
 * Settlement cash (1 token = 1 fen): the settlement bank records an off-chain deposit and mints the same amount
 * to an organisation, or pays out a withdrawal and burns it. Both move money, so both run under maker/checker dual
 * control; and only the one bank the regulator designated may do either, so that no bank can make cash for itself
 * with its own maker and checker. A bank's reference names one movement: the order's id is derived from bank, kind and reference, so a
 * reference can be used once, however many proposals or approvals race for it.
 */
import { isRetryable } from "../retryable";
import { createHash } from "node:crypto";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { partyOf, partyOfId, type Party } from "../http/party";
import { formatYuan } from "../money";
import { mustExist } from "../must-exist";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { CashOrderKind, CashOrderRow, CashRepository } from "./cash.repository";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";

export interface CashOrderView {
  id: string;
  kind: CashOrderKind;
  bank: Party;
  organisation: Party;
  amount: bigint;
  reference: string;
  txHash: string;
  createdAt: Date;
}

export interface CashMovement {
  organisationId: string;
  amount: bigint;
  reference: string;
}

export interface CashProposal {
  orderId: string;
  bank: Party;
  organisation: Party;
  amount: bigint;
  reference: string;
}

/** The ledger's `ref`: the SHA-256 of the bank's reference text. */
export const ledgerRef = (reference: string): string => `0x${createHash("sha256").update(reference, "utf8").digest("hex")}`;

/** A UUID (version 8, RFC 9562) that only this bank, kind and reference produce. */
export function orderId(bankOrgId: string, kind: CashOrderKind, reference: string): string {
  const h = createHash("sha256").update(`${bankOrgId}\n${kind}\n${reference}`, "utf8").digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export class CashService {
  constructor(
    private readonly repo: CashRepository,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    /** Re-seals an account's key in the vault compartment given: the settlement bank's is kept apart. */
    private readonly compartments: { moveTo(account: string, compartment: "organisation" | "settlement-bank"): Promise<void> },
  ) {}

  async balance(actor: Actor): Promise<{ organisation: Party; account: string; balance: bigint }> {
    return { organisation: partyOf(actor.org), account: actor.org.account, balance: await this.repo.balance(actor.org.account) };
  }

  private async views(rows: CashOrderRow[]): Promise<CashOrderView[]> {
    const orgs = await this.orgs.byIds(rows.flatMap((r) => [r.bankOrgId, r.organisationId]));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as CashOrderKind,
      bank: partyOfId(r.bankOrgId, orgs),
      organisation: partyOfId(r.organisationId, orgs),
      amount: r.amount,
      reference: r.reference,
      txHash: r.txHash,
      createdAt: r.createdAt,
    }));
  }

  /** An organisation's own orders, a bank's also those it made; operator and regulator see all. */
  async orders(actor: Actor, q: PageQuery): Promise<Page<CashOrderView>> {
    return mapPageAsync(await this.repo.list({ ...q, organisationId: seesEverything(actor) ? undefined : actor.org.id }), (rows) => this.views(rows));
  }

  /** The bank that mints and burns, as the ledger records it; undefined until the regulator designates one. */
  async settlementBank(): Promise<Party | undefined> {
    const account = await this.ledger.cash.settlementBank();
    const bank = account ? await this.orgs.byAccount(account) : undefined;
    return bank ? partyOf(bank) : undefined;
  }

  /** The regulator designates the settlement bank: an active bank, which replaces the previous one. */
  async designateSettlementBank(regulator: Actor, bankOrgId: string): Promise<{ bank: Party; txHash: string }> {
    const bank = await this.orgs.get(bankOrgId);
    if (!bank) throw new AppError("NOT_FOUND", "No such organisation");
    if (!bank.kinds.includes("bank")) throw new AppError("ORGANISATION_WRONG_KIND", `${bank.name} is not a bank`);
    if (bank.status !== "active") throw new AppError("PARTICIPANT_NOT_ACTIVE", `${bank.name} is ${bank.status}`);
    const previous = await this.ledger.cash.settlementBank();
    const receipt = await this.ledger.cash.designateSettlementBank(regulator.org.account, bank.account);
    await this.afterLedgerWrite(receipt.blockNumber);
    await this.compartments.moveTo(bank.account, "settlement-bank");
    if (previous) await this.compartments.moveTo(previous, "organisation");
    return { bank: partyOf(bank), txHash: receipt.txHash };
  }

  /** Refused here, before a pending action exists, rather than by the ledger at approval. */
  private async requireSettlementBank(actor: Actor): Promise<void> {
    const designated = await this.ledger.cash.settlementBank();
    if (designated?.toLowerCase() !== actor.org.account.toLowerCase()) {
      throw new AppError("CASH_NOT_SETTLEMENT_BANK", `${actor.org.name} is not the settlement bank: only the bank the regulator designated mints and burns`);
    }
  }

  async propose(maker: Actor, kind: CashOrderKind, m: CashMovement): Promise<CashProposal> {
    await this.requireSettlementBank(maker);
    const org = await this.orgs.get(m.organisationId);
    if (!org) throw new AppError("NOT_FOUND", "No such organisation");
    if (org.status !== "active") throw new AppError("PARTICIPANT_NOT_ACTIVE", `${org.name} is ${org.status}`);
    const id = orderId(maker.org.id, kind, m.reference);
    if (await this.repo.exists(id)) throw new AppError("CASH_REFERENCE_USED", `Reference "${m.reference}" is already recorded`);
    if (kind === "withdrawal") {
      const balance = await this.repo.balance(org.account);
      if (balance < m.amount) throw new AppError("CASH_INSUFFICIENT_BALANCE", `${org.name} holds ${formatYuan(balance)} yuan`);
    }
    return { orderId: id, bank: partyOf(maker.org), organisation: partyOf(org), amount: m.amount, reference: m.reference };
  }

  /** Runs as the checker's bank, which dual control made sure is the maker's. */
  async execute(checker: Actor, kind: CashOrderKind, m: CashMovement): Promise<{ order: CashOrderView; txHash: string }> {
    const org = await this.orgs.get(m.organisationId);
    if (!org) throw new AppError("NOT_FOUND", "No such organisation");
    const bank = checker.org;
    const id = orderId(bank.id, kind, m.reference);
    if (!(await this.repo.reserve({ id, bankOrgId: bank.id, organisationId: org.id, kind, amount: m.amount, reference: m.reference }))) {
      throw new AppError("CASH_REFERENCE_USED", `Reference "${m.reference}" is already recorded`);
    }
    let receipt;
    try {
      const ref = ledgerRef(m.reference);
      receipt =
        kind === "deposit" ? await this.ledger.cash.mint(bank.account, org.account, m.amount, ref) : await this.ledger.cash.burn(bank.account, org.account, m.amount, ref);
    } catch (e) {
      // A refusal means the ledger did not take it, so the reference is free again. An unanswered write may still
      // land: the reference stays claimed (and hidden from lists) rather than risk moving the money twice.
      if (!isRetryable(e)) await this.repo.release(id).catch(() => undefined);
      throw e;
    }
    await this.repo.complete(id, receipt.txHash);
    await this.afterLedgerWrite(receipt.blockNumber);
    const [order] = await this.views([mustExist(await this.repo.get(id), `cash order ${id}`)]);
    return { order, txHash: receipt.txHash };
  }

  /**
   * An organisation lets a bank burn up to `amount` of its cash for withdrawals (an ERC-20 allowance, replacing
   * any earlier one). The bank's own cash needs none.
   */
  async allow(actor: Actor, bankOrgId: string, amount: bigint): Promise<{ bank: Party; amount: bigint; txHash: string }> {
    const bank = await this.allowedBank(bankOrgId);
    const receipt = await this.ledger.cash.approve(actor.org.account, bank.account, amount);
    await this.afterLedgerWrite(receipt.blockNumber);
    return { bank, amount, txHash: receipt.txHash };
  }

  /** The bank an allowance names, checked when a maker proposes it and again when a checker carries it out. */
  async allowedBank(bankOrgId: string): Promise<Party> {
    const bank = await this.orgs.get(bankOrgId);
    if (!bank) throw new AppError("NOT_FOUND", "No such organisation");
    if (!bank.kinds.includes("bank")) throw new AppError("ORGANISATION_WRONG_KIND", `${bank.name} is not a bank`);
    return partyOf(bank);
  }
}
