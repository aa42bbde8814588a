/** The model of CreditLines (each bank's line to each core enterprise); the random calls to it are in calls/credit-lines.ts. */
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { ParticipantsModel } from "./participants";
import { pairKey, revert, type Line } from "./state";

export class CreditLinesModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
  ) {
    super(ledger);
  }

  line(bank: string, core: string): Line {
    const k = pairKey(bank, core);
    this.seen.lines.add(k);
    let l = this.s.lines.get(k);
    if (!l) {
      l = { limit: 0n, used: 0n, expiry: 0, open: false };
      this.s.lines.set(k, l);
    }
    return l;
  }
  private addOpenLimit(core: string, delta: bigint): void {
    this.touched.openLimit.add(core);
    this.s.openLimit.set(core, (this.s.openLimit.get(core) ?? 0n) + delta);
  }

  private requireTerms(limit: bigint, expiry: number, used: bigint): void {
    if (limit === 0n || limit < used) revert("CreditLinesLimitBelowUsed");
    if (expiry <= this.s.now) revert("CreditLinesExpiryInPast");
  }
  private openLine(bank: string, core: string): Line {
    const l = this.line(bank, core);
    if (!l.open) revert("CreditLinesNotFound");
    return l;
  }
  usableLine(bank: string, core: string, amount: bigint): Line {
    const l = this.openLine(bank, core);
    if (this.s.now >= l.expiry) revert("CreditLinesExpired");
    if (amount > l.limit - l.used) revert("CreditLinesExceeded");
    return l;
  }

  grant(sender: string, core: string, limit: bigint, expiry: number): void {
    this.participants.requireActive(sender, ROLE.BANK);
    this.participants.requireActive(core, ROLE.CORE);
    const l = this.line(sender, core);
    if (l.open) revert("CreditLinesAlreadyOpen");
    this.requireTerms(limit, expiry, l.used);
    this.touched.lines.add(pairKey(sender, core));
    Object.assign(l, { limit, expiry, open: true });
    this.addOpenLimit(core, limit);
  }

  amend(sender: string, core: string, limit: bigint, expiry: number): void {
    this.participants.requireActive(sender, ROLE.BANK);
    const l = this.openLine(sender, core);
    this.requireTerms(limit, expiry, l.used);
    this.touched.lines.add(pairKey(sender, core));
    this.addOpenLimit(core, limit - l.limit);
    Object.assign(l, { limit, expiry });
  }

  close(sender: string, core: string): void {
    this.participants.requireActive(sender, ROLE.BANK);
    this.closeLine(sender, core);
  }

  closeExpired(bank: string, core: string): void {
    const l = this.openLine(bank, core);
    if (this.s.now < l.expiry) revert("CreditLinesNotExpired");
    this.closeLine(bank, core);
  }

  private closeLine(bank: string, core: string): void {
    const l = this.openLine(bank, core);
    this.touched.lines.add(pairKey(bank, core));
    l.open = false;
    this.addOpenLimit(core, -l.limit);
  }
}
