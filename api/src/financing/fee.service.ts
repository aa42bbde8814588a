/**
 * The platform's financing fee: basis points of each financed amount, paid to a recipient the operator names,
 * deducted from the holder's proceeds in the same atomic exchange. The ledger holds it; this reads and sets it.
 */
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import type { OrganisationRepository } from "../organisations/organisation.repository";

export interface Fee {
  feeBps: number;
  recipient: Party;
}

export class FeeService {
  constructor(
    private readonly ledger: Ledger,
    private readonly orgs: OrganisationRepository,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  async current(): Promise<Fee> {
    const f = await this.ledger.financing.fee();
    return { feeBps: f.feeBps, recipient: partyOfAccount(f.recipient, await this.orgs.byAccounts([f.recipient])) };
  }

  /** The organisation a proposed fee would be paid to, checked when the maker proposes. */
  async recipient(orgId: string): Promise<Party> {
    const recipient = await this.orgs.get(orgId);
    if (!recipient) throw new AppError("NOT_FOUND", "No such organisation");
    return { id: recipient.id, name: recipient.name, account: recipient.account };
  }

  /** Run by the operator's checker approving a maker's proposal; the ledger checks the operator role again. */
  async set(actor: Actor, feeBps: number, recipientOrgId: string): Promise<Fee & { txHash: string }> {
    const recipient = await this.recipient(recipientOrgId);
    const r = await this.ledger.financing.setFee(actor.org.account, feeBps, recipient.account);
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.current()), txHash: r.txHash };
  }
}
