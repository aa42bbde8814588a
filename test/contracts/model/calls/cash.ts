/** The random calls to SettlementCash: banks mint and burn, anyone transfers and approves. */
import { keccak256, toUtf8Bytes } from "ethers";
import type { Call } from "../choices";
import { big, div } from "../operations";

/** A bank mints or burns cash, mostly for itself; anyone but the settlement bank (`bank`) is refused. */
const mintOrBurn: Call = async (i, [n0, n1, n2, n3], k) => {
  const { m, s } = i;
  const sender = n0 % 10 < 7 ? i.a(i.oneOf(["bank", "bank2"] as const, div(n0, 10))) : i.anyActor(div(n0, 10));
  const other = k === "burn" && n1 % 10 < 6 ? sender : i.cashParty(n1);
  const bal = s.balances.get(other) ?? 0n;
  const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
  const fn = k === "mint" ? "mint" : "burn";
  // Mostly a fresh reference; now and then the seed's first deposit's or one of a few, so that reuse comes up.
  const ref = n3 % 10 < 2 ? keccak256("0x02") : keccak256(toUtf8Bytes(n3 % 10 < 4 ? `ref-${n3 % 3}` : `ref-${n3}`));
  await i.x.tx(
    `${i.n(sender)} SettlementCash.${fn}(${i.n(other)}, ${i.n(amount)}, ${ref.slice(0, 10)})`,
    sender,
    "SettlementCash",
    fn,
    [other, amount, ref],
    () => (fn === "mint" ? m.cash.mint(sender, other, amount, ref) : m.cash.burn(sender, other, amount, ref)),
  );
};

/** Anyone transfers or approves cash, now and then to a module's address. */
const move: Call = async (i, [n0, n1, n2], k) => {
  const { m, s } = i;
  const sender = i.anyActor(n0);
  const to = i.cashParty(n1);
  const bal = s.balances.get(sender) ?? 0n;
  const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
  const fn = k === "approve" ? "approve" : "transfer";
  await i.x.tx(
    `${i.n(sender)} SettlementCash.${fn}(${i.n(to)}, ${i.n(amount)})`,
    sender,
    "SettlementCash",
    fn,
    [to, amount],
    () => (fn === "approve" ? m.cash.approve(sender, to, amount) : m.cash.transfer(sender, to, amount)),
  );
};

export const cashCalls = { mint: mintOrBurn, burn: mintOrBurn, cashTransfer: move, approve: move };
