/** The model of CreditPassingRules (each program's rules, whitelist and eligible banks), and the calls to it. */
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { Call } from "./interpreter";
import { div, fen } from "./operations";
import type { ParticipantsModel } from "./participants";
import { DEFAULT_RULES, pairKey, RECIPIENTS, revert, type ActorName, type Rules } from "./state";

const HARD_MAX_DEPTH = 32;
const HARD_MAX_TERM_DAYS = 365;

export class RulesModel extends ContractModel {
  constructor(
    ledger: ModelCore,
    private readonly participants: ParticipantsModel,
  ) {
    super(ledger);
  }

  rulesOf(core: string): Rules {
    this.seen.rules.add(core);
    // The platform bounds are the contract's defaults (hard limits) and never change here, so clamping is moot.
    return this.s.rules.get(core) ?? DEFAULT_RULES;
  }
  mayReceive(core: string, supplier: string): boolean {
    return !this.rulesOf(core).whitelistOnly || this.s.whitelist.has(pairKey(core, supplier));
  }
  mayFinance(core: string, bank: string): boolean {
    return !this.rulesOf(core).banksRestricted || this.s.eligibleBanks.has(pairKey(core, bank));
  }

  setRules(sender: string, r: Rules): void {
    this.participants.requireActive(sender, ROLE.CORE);
    if (r.maxDepth === 0 || r.maxDepth > HARD_MAX_DEPTH) revert("CreditPassingRulesOutOfBounds");
    if (r.maxTermDays === 0 || r.maxTermDays > HARD_MAX_TERM_DAYS) revert("CreditPassingRulesOutOfBounds");
    if (r.minSplit < 1n) revert("CreditPassingRulesOutOfBounds");
    this.touched.rules.add(sender);
    this.s.rules.set(sender, { ...r });
  }

  setWhitelisted(sender: string, suppliers: string[], listed: boolean): void {
    this.participants.requireActive(sender, ROLE.CORE);
    for (const s of suppliers) {
      const k = pairKey(sender, s);
      this.touched.whitelist.add(k);
      if (listed) this.s.whitelist.add(k);
      else this.s.whitelist.delete(k);
    }
  }

  setEligibleBanks(sender: string, banks: string[], eligible: boolean): void {
    this.participants.requireActive(sender, ROLE.CORE);
    for (const b of banks) {
      const k = pairKey(sender, b);
      this.touched.eligibleBanks.add(k);
      if (eligible) this.s.eligibleBanks.add(k);
      else this.s.eligibleBanks.delete(k);
    }
  }
}

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
