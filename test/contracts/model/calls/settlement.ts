/** The random calls to Settlement: funding a maturity, redeeming (one or a batch), flagging the overdue. */
import { LEDGER_LIMITS } from "../../../../chain/limits";
import type { Call } from "../choices";
import { div } from "../operations";
import { splitKey } from "../state";

const MAX_BATCH = LEDGER_LIMITS.maxRedeemBatch;

/** A core enterprise (mostly) funds a maturity, mostly one that is short. */
const fund: Call = async (i, [n0, n1]) => {
  const { m, s } = i;
  const sender = n0 % 10 < 8 ? i.a("core") : n0 % 10 === 8 ? i.a("core2") : i.anyActor(div(n0, 10));
  const short = [...s.slots.entries()]
    .filter(([k, a]) => splitKey(k)[0] === sender && a.escrowed < a.outstanding)
    .map(([k]) => Number(splitKey(k)[1]));
  const maturity = n1 % 10 < 7 && short.length ? i.oneOf(short, div(n1, 10)) : i.pickMaturity(div(n1, 10), sender);
  await i.x.tx(`${i.n(sender)} Settlement.fund(${i.when(maturity)})`, sender, "Settlement", "fund", [maturity], () =>
    m.settlement.fund(sender, maturity),
  );
};

/** Anyone redeems a matured voucher. */
const redeem: Call = async (i, [n0, n1]) => {
  const { m, s } = i;
  const id = i.pickVoucher(n0, (v) => !v.redeemed && v.value > 0n && v.maturity <= s.now);
  const sender = i.anyActor(n1);
  await i.x.tx(`${i.n(sender)} Settlement.redeem(#${id})`, sender, "Settlement", "redeem", [id], () => m.settlement.redeem(id));
};

/** Anyone redeems a batch: mostly a matured slot, sometimes none, a few at random or one too many. */
const redeemBatch: Call = async (i, [n0, n1]) => {
  const { m, s } = i;
  const mode = n0 % 10;
  const r = div(n0, 10);
  let ids: number[];
  if (mode < 7) {
    const slots = i.maturities().filter((t) => t <= s.now);
    const t = slots.length ? i.oneOf(slots, r) : i.oneOf(i.maturities().concat([0]), r);
    ids = i.vouchers((v) => v.maturity === t && !v.redeemed && v.value > 0n);
    if (ids.length === 0) ids = [i.pickVoucher(r, () => true)];
  } else if (mode === 7) ids = [];
  else if (mode === 8) ids = Array.from({ length: 2 + (r % 3) }, (_, j) => i.pickVoucher(div(r, 3 + j), () => true));
  else ids = Array.from({ length: MAX_BATCH + 1 }, () => 1);
  const sender = i.anyActor(n1);
  await i.x.tx(
    `${i.n(sender)} Settlement.redeemBatch([${ids.map((i) => `#${i}`).join(", ")}])`,
    sender,
    "Settlement",
    "redeemBatch",
    [ids],
    () => m.settlement.redeemBatch(ids),
  );
};

/** Anyone flags a maturity as overdue. */
const flagOverdue: Call = async (i, [n0, n1, n2]) => {
  const { m } = i;
  const sender = i.anyActor(n0);
  const debtor = n1 % 10 < 8 ? i.a("core") : i.a("core2");
  const maturity = i.pickMaturity(n2, debtor);
  await i.x.tx(
    `${i.n(sender)} Settlement.flagOverdue(${i.n(debtor)}, ${i.when(maturity)})`,
    sender,
    "Settlement",
    "flagOverdue",
    [debtor, maturity],
    () => m.settlement.flagOverdue(debtor, maturity),
  );
};

export const settlementCalls = { fund, redeem, redeemBatch, flagOverdue };
