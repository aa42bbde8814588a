/** The call that only moves the model's clock: the executor mines the next transaction at the model's time. */
import { DAY } from "../../../helpers/ledger";
import type { Call } from "../choices";
import { div } from "../operations";

/** The clock moves: a little, a day, up to a month, to or just past a maturity or a deadline. */
const time: Call = (i, [n0]) => {
  const { s } = i;
  const mode = n0 % 10;
  const r = div(n0, 10);
  const future = i.maturities().filter((t) => t > s.now);
  const deadlines = [...s.requests.values()].map((q) => q.deadline).filter((t) => t >= s.now);
  let target: number;
  if (mode === 0) target = s.now + 1 + (r % 7200);
  else if (mode === 1) target = s.now + DAY;
  else if (mode === 2) target = s.now + (1 + (r % 30)) * DAY;
  else if (mode <= 5) target = future.length ? i.oneOf(future, r) : s.now + DAY;
  else if (mode === 6) target = future.length ? i.oneOf(future, r) + s.grace + 1 : s.now + 7 * DAY;
  else if (mode === 7) target = deadlines.length ? i.oneOf(deadlines, r) : s.now + 3600;
  else if (mode === 8) target = deadlines.length ? i.oneOf(deadlines, r) + 1 : s.now + 3600;
  else target = future.length ? i.oneOf(future, r) - 1 : s.now + 60;
  if (target < s.now) target = s.now + 1;
  s.now = target;
  i.x.note(`time → ${i.when(target)}`);
  // Nothing is sent now: the chain's clock follows with the next transaction.
  return Promise.resolve();
};

export const clockCalls = { time };
