/** The random calls to SettlementCash: banks mint and burn, anyone transfers and approves. */
import { keccak256, toUtf8Bytes } from "ethers";
import type { Call } from "../choices";
import { big, div } from "../operations";

/** A bank mints or burns cash, mostly for itself; anyone else is refused. */
const mintOrBurn: Call = async (i, [n0, n1, n2, n3], k) => {
  const { m, s } = i;
  const sender = n0 % 10 < 7 ? i.a(i.oneOf(["bank", "bank2"] as const, div(n0, 10))) : i.anyActor(div(n0, 10));
  const other = k === "burn" && n1 % 10 < 6 ? sender : i.cashParty(n1);
  const bal = s.balances.get(other) ?? 0n;
  const amount = n2 % 10 === 0 ? 0n : n2 % 10 === 1 ? bal + 1n : n2 % 10 === 2 ? bal : 1n + (big(div(n2, 10)) % 1_000_000_000n);
  const fn = k === "mint" ? "mint" : "burn";
  await i.x.tx(
    `${i.n(sender)} SettlementCash.${fn}(${i.n(other)}, ${i.n(amount)})`,
    sender,
    "SettlementCash",
    fn,
    [other, amount, keccak256(toUtf8Bytes(`ref-${n3}`))],
    () => (fn === "mint" ? m.cash.mint(sender, other, amount) : m.cash.burn(sender, other, amount)),
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
