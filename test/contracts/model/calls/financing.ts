/** The random calls to Financing: requests, their execution, decline, cancellation and release, and the fee. */
import { DAY } from "../../../helpers/ledger";
import type { Call } from "../choices";
import { div } from "../operations";
import { cstMidnightAfter } from "../state";

/** A holder asks a bank (mostly one with a line) to finance part of a voucher. */
const request: Call = async (i, [n0, n1, n2, n3, n4, n5]) => {
  const { m, s } = i;
  const id = i.pickVoucher(n0, (v) => i.live(v) && !v.financed);
  const v = s.vouchers.get(id);
  const sender = i.rightOr(n1, v?.owner ?? i.a("s1"));
  const amount = i.amountOf(n2, v ? v.value - v.locked : 1000n, v?.value ?? 1000n);
  const bank = n3 % 10 < 5 ? i.a("bank") : n3 % 10 < 9 ? i.a("bank2") : i.anyActor(div(n3, 10));
  const rate = n4 % 10 < 8 ? 100 + (div(n4, 10) % 1900) : n4 % 10 === 8 ? i.oneOf([0, 10_001], div(n4, 10)) : 10_000;
  const maturity = v?.maturity ?? s.now + 30 * DAY;
  const deadline = Math.max(
    0,
    i.oneOf(
      [s.now + 3600, s.now + DAY, s.now + 3 * DAY, maturity - 1, s.now + 1, cstMidnightAfter(s.now, 1), s.now + 3600, s.now + DAY, s.now + 10 * DAY, maturity, s.now],
      n5,
    ),
  );
  await i.x.tx(
    `${i.n(sender)} Financing.request(#${id}, ${i.n(amount)}, ${i.n(bank)}, ${rate}bps, deadline ${i.when(deadline)})`,
    sender,
    "Financing",
    "request",
    [id, amount, bank, rate, deadline],
    () => m.financing.request(sender, id, amount, bank, rate, deadline),
  );
};

/** The bank executes or declines a request, or the holder cancels it. */
const answer: Call = async (i, [n0, n1], k) => {
  const { m, s } = i;
  const rid = i.pickRequest(n0);
  const q = s.requests.get(rid);
  const right = k === "cancel" ? q?.holder : q?.bank;
  const sender = i.rightOr(n1, right ?? i.a("bank"));
  const fn = k;
  await i.x.tx(`${i.n(sender)} Financing.${fn}(req ${rid})`, sender, "Financing", fn, [rid], () => {
    if (fn === "execute") return m.financing.execute(sender, rid);
    if (fn === "decline") m.financing.decline(sender, rid);
    else m.financing.cancel(sender, rid);
  });
};

/** Anyone releases a request whose deadline has passed. */
const release: Call = async (i, [n0, n1]) => {
  const { m, s } = i;
  const rid = i.pickRequest(n0, (q) => q.deadline < s.now);
  const sender = i.anyActor(n1);
  await i.x.tx(`${i.n(sender)} Financing.release(req ${rid})`, sender, "Financing", "release", [rid], () =>
    m.financing.release(rid),
  );
};

/** The operator sets the platform fee. */
const setFee: Call = async (i, [n0, n1, n2]) => {
  const { m } = i;
  const sender = n0 % 10 < 8 ? i.a("operator") : i.anyActor(div(n0, 10));
  const feeBps = i.oneOf([0, 30, 100, 1000, 1001], n1);
  const recipient = n2 % 10 < 8 ? i.a("operator") : i.anyActor(div(n2, 10));
  await i.x.tx(
    `${i.n(sender)} Financing.setFee(${feeBps}bps, ${i.n(recipient)})`,
    sender,
    "Financing",
    "setFee",
    [feeBps, recipient],
    () => m.financing.setFee(sender, feeBps, recipient),
  );
};

export const financingCalls = { request, execute: answer, decline: answer, cancel: answer, release, setFee };
