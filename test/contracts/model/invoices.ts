/** The model of Invoices (registered, confirmed, used up by the vouchers they back). */
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { ParticipantsModel } from "./participants";
import { revert, type Invoice } from "./state";

export class InvoicesModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
  ) {
    super(ledger);
  }

  register(sender: string, key: string, buyer: string, amount: bigint): void {
    this.participants.requireActive(sender, ROLE.SUPPLIER);
    this.participants.requireActive(buyer, 0);
    if (amount === 0n || buyer === sender) revert("InvoicesInvalid");
    this.seen.invoices.add(key);
    if (this.s.invoices.has(key)) revert("InvoicesAlreadyRegistered");
    this.touched.invoices.add(key);
    this.s.invoices.set(key, { seller: sender, buyer, amount, used: 0n, confirmed: false });
  }

  private existingInvoice(key: string): Invoice {
    this.seen.invoices.add(key);
    const inv = this.s.invoices.get(key);
    if (!inv) return revert("InvoicesNotFound");
    return inv;
  }

  confirm(sender: string, key: string): void {
    const inv = this.existingInvoice(key);
    if (inv.buyer !== sender) revert("InvoicesNotBuyer");
    this.participants.requireActive(sender, 0);
    if (inv.confirmed) revert("InvoicesAlreadyConfirmed");
    this.touched.invoices.add(key);
    inv.confirmed = true;
  }

  consume(keys: string[], seller: string, buyer: string, amount: bigint): void {
    let remaining = amount;
    for (const key of keys) {
      const inv = this.existingInvoice(key);
      if (!inv.confirmed) revert("InvoicesNotConfirmed");
      if (inv.seller !== seller || inv.buyer !== buyer) revert("InvoicesPartyMismatch");
      const free = inv.amount - inv.used;
      const take = free < remaining ? free : remaining;
      if (take === 0n) revert("InvoicesExhausted");
      this.touched.invoices.add(key);
      inv.used += take;
      remaining -= take;
    }
    if (remaining !== 0n) revert("InvoicesInsufficient");
  }
}
