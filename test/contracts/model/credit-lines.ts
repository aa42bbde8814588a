/** The model of CreditLines (each bank's line to each core enterprise), and the calls to it. */
import { DAY, ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { Call } from "./interpreter";
import { big, div } from "./operations";
import type { ParticipantsModel } from "./participants";
import { MAX64, pairKey, revert, splitKey, type Line } from "./state";

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

/** A bank grants, amends or closes a line, or anyone closes an expired one. */
const creditLine: Call = async (i, [n0, n1, n2, n3, n4, n5]) => {
  const { m, s } = i;
  const fn = i.oneOf(["grant", "amend", "close", "closeExpired"] as const, n0);
  const sender = n1 % 10 < 8 ? i.a(i.oneOf(["bank", "bank2"] as const, div(n1, 10))) : i.anyActor(div(n1, 10));
  const core = n2 % 10 < 7 ? i.a("core") : n2 % 10 < 9 ? i.a("core2") : i.anyActor(div(n2, 10));
  const used = s.lines.get(pairKey(sender, core))?.used ?? 0n;
  const lm = n3 % 10;
  const limit =
    lm < 6
      ? used + 1n + (big(div(n3, 10)) % 5_000_000_000n)
      : lm === 6
        ? used
        : lm === 7
          ? (used > 0n ? used - 1n : 0n)
          : lm === 8
            ? 0n
            : MAX64;
  const expiry = i.oneOf([s.now + 400 * DAY, s.now + 400 * DAY, s.now + 10 * DAY, s.now, s.now + 60 * DAY, s.now + DAY, s.now + 3600], n4);
  if (fn === "grant" || fn === "amend") {
    await i.x.tx(
      `${i.n(sender)} CreditLines.${fn}(${i.n(core)}, ${i.n(limit)}, ${i.when(expiry)})`,
      sender,
      "CreditLines",
      fn,
      [core, limit, expiry],
      () => (fn === "grant" ? m.creditLines.grant(sender, core, limit, expiry) : m.creditLines.amend(sender, core, limit, expiry)),
    );
  } else if (fn === "close") {
    await i.x.tx(`${i.n(sender)} CreditLines.close(${i.n(core)})`, sender, "CreditLines", "close", [core], () =>
      m.creditLines.close(sender, core),
    );
  } else {
    // Mostly a line whose expiry has passed, if there is one.
    const expired = [...s.lines.entries()].filter(([, l]) => l.open && l.expiry <= s.now).map(([key]) => splitKey(key));
    const pick = n5 % 10 < 7 && expired.length ? i.oneOf(expired, div(n5, 10)) : undefined;
    const bank = pick ? pick[0] : i.a(i.oneOf(["bank", "bank2"] as const, n5));
    const lineCore = pick ? pick[1] : core;
    const caller = i.anyActor(div(n5, 2));
    await i.x.tx(
      `${i.n(caller)} CreditLines.closeExpired(${i.n(bank)}, ${i.n(lineCore)})`,
      caller,
      "CreditLines",
      "closeExpired",
      [bank, lineCore],
      () => m.creditLines.closeExpired(bank, lineCore),
    );
  }
};

export const creditLineCalls = { creditLine };
