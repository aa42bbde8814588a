/** The random calls to Vouchers: issue, pass on (splitTransfer) and split. */
import { LEDGER_LIMITS } from "../../../../chain/limits";
import type { Call } from "../choices";
import { big, div, fen } from "../operations";
import { MAX64, RECIPIENTS } from "../state";

const MAX_PIECES = LEDGER_LIMITS.maxPiecesPerSplit;

/** A core enterprise (mostly) issues to a supplier, backed by the invoices chosen for it. */
const issue: Call = async (i, [n0, n1, n2, n3, n4]) => {
  const { m } = i;
  const sender = n0 % 20 < 17 ? i.a("core") : n0 % 20 < 18 ? i.a("core2") : i.anyActor(div(n0, 20));
  const supplier = n1 % 10 < 9 ? i.a(i.oneOf(RECIPIENTS, div(n1, 10))) : i.anyActor(div(n1, 10));
  const amount = i.issueAmount(n2, sender);
  const maturity = i.pickMaturity(n3);
  const keys = await i.invoicesFor(n4, supplier, sender, amount);
  await i.x.tx(
    `${i.n(sender)} Vouchers.issue(${i.n(supplier)}, ${i.n(amount)}, ${i.when(maturity)}, ${i.keys(keys)})`,
    sender,
    "Vouchers",
    "issue",
    [supplier, amount, maturity, keys],
    () => m.vouchers.issue(sender, supplier, amount, maturity, keys),
  );
};

/** A holder passes part of a voucher on, backed by invoices. */
const transfer: Call = async (i, [n0, n1, n2, n3, n4]) => {
  const { m, s } = i;
  // A quarter of the time, the deepest voucher that can move: chains reach the program's maximum depth.
  const movable = i.vouchers((v) => i.live(v) && !v.financed);
  const deepest = movable.sort((x, y) => s.vouchers.get(y)!.depth - s.vouchers.get(x)!.depth).at(0);
  const id = div(n0, 10) % 4 === 1 && deepest !== undefined ? deepest : i.pickVoucher(n0, (v) => i.live(v) && !v.financed);
  const v = s.vouchers.get(id);
  const sender = i.rightOr(n1, v?.owner ?? i.a("s1"));
  const to = n2 % 10 < 8 ? i.a(i.oneOf(RECIPIENTS, div(n2, 10))) : i.anyActor(div(n2, 10));
  const amount = i.amountOf(n3, v ? v.value - v.locked : 1000n, v?.value ?? 1000n);
  const keys = await i.invoicesFor(n4, to, sender, amount);
  await i.x.tx(
    `${i.n(sender)} Vouchers.splitTransfer(#${id}, ${i.n(to)}, ${i.n(amount)}, ${i.keys(keys)})`,
    sender,
    "Vouchers",
    "splitTransfer",
    [id, to, amount, keys],
    () => m.vouchers.splitTransfer(sender, id, to, amount, keys),
  );
};

/** A holder splits a voucher into pieces it keeps. */
const split: Call = async (i, [n0, n1, n2, n3]) => {
  const { m, s } = i;
  const id = i.pickVoucher(n0, i.live);
  const v = s.vouchers.get(id);
  const sender = i.rightOr(n1, v?.owner ?? i.a("s1"));
  const free = v ? v.value - v.locked : 1000n;
  const mode = n3 % 10;
  let amounts: bigint[];
  if (mode < 7) {
    const count = 1 + (n2 % 3);
    const each = (free * big(1 + (div(n3, 10) % 100))) / 100n / big(count + 1);
    amounts = Array.from({ length: count }, () => (each > 0n ? each : 1n));
  } else if (mode === 7) amounts = [free];
  else if (mode === 8) amounts = n2 % 2 === 0 ? [] : Array.from({ length: MAX_PIECES + 1 }, () => 1n);
  else amounts = n2 % 2 === 0 ? [MAX64, 1n] : [1n, 0n];
  await i.x.tx(
    `${i.n(sender)} Vouchers.split(#${id}, [${amounts.map(fen).join(", ")}])`,
    sender,
    "Vouchers",
    "split",
    [id, amounts],
    () => m.vouchers.split(sender, id, amounts),
  );
};

export const voucherCalls = { issue, transfer, split };
