/** The random calls to CreditPassingRules: a program's rules, whitelist and eligible banks. */
import type { Call } from "../choices";
import { div, fen } from "../operations";
import { RECIPIENTS, type ActorName, type Rules } from "../state";

/** A core enterprise sets its rules (sometimes out of bounds), its whitelist or its eligible banks. */
const rules: Call = async (i, [n0, n1, n2, n3, n4, n5]) => {
  const { m } = i;
  const sender = n1 % 10 < 8 ? i.a(i.oneOf(["core", "core2"] as const, div(n1, 10))) : i.anyActor(div(n1, 10));
  const which = n0 % 3;
  if (which === 0) {
    const r: Rules = {
      maxDepth: i.oneOf([5, 1, 2, 3, 6, 2, 3, 4, 32, 0, 33], n2),
      maxTermDays: i.oneOf([180, 90, 365, 30, 180, 120, 60, 0, 366], n3),
      minSplit: i.oneOf([1n, 100_00n, 1_000_000_00n, 1n, 100_00n, 50_000_00n, 0n], n4),
      invoicesRequired: n5 % 4 !== 3,
      whitelistOnly: div(n5, 4) % 4 === 3,
      banksRestricted: div(n5, 16) % 4 === 3,
      issuanceCoveredByCredit: div(n5, 64) % 4 !== 3,
    };
    await i.x.tx(
      `${i.n(sender)} CreditPassingRules.setRules(${JSON.stringify(r, (_, v) => (typeof v === "bigint" ? fen(v) : v))})`,
      sender,
      "CreditPassingRules",
      "setRules",
      [r],
      () => m.rules.setRules(sender, r),
    );
  } else {
    const pool: readonly ActorName[] = which === 1 ? RECIPIENTS : ["bank", "bank2", "outsider"];
    const chosen = pool.filter((_, i) => (n2 >> i) & 1).map((x) => i.a(x));
    const flag = n3 % 3 !== 0;
    const fn = which === 1 ? "setWhitelisted" : "setEligibleBanks";
    await i.x.tx(
      `${i.n(sender)} CreditPassingRules.${fn}([${chosen.map((c) => i.n(c)).join(", ")}], ${flag})`,
      sender,
      "CreditPassingRules",
      fn,
      [chosen, flag],
      () => (which === 1 ? m.rules.setWhitelisted(sender, chosen, flag) : m.rules.setEligibleBanks(sender, chosen, flag)),
    );
  }
};

export const ruleCalls = { rules };
