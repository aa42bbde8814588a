/** The random calls to CreditLines: banks grant, amend and close lines; anyone closes an expired one. */
import { DAY } from "../../../helpers/ledger";
import type { Call } from "../choices";
import { big, div } from "../operations";
import { MAX64, pairKey, splitKey } from "../state";

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
