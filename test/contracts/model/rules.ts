/**
 * The model of CreditPassingRules (each program's rules, whitelist and eligible banks); the random calls to it are in
 * calls/rules.ts.
 */
import { ROLE } from "../../helpers/ledger";
import { ContractModel, type ModelCore } from "./core";
import type { ParticipantsModel } from "./participants";
import { DEFAULT_RULES, pairKey, revert, type Rules } from "./state";

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
