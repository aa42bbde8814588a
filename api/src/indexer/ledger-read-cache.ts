/**
 * The programs' rules and the platform fee, read from the ledger and kept in memory: a financing read them five
 * times over its five requests, each a call that queues behind the embedded chain's block production. They
 * change only by events (RulesChanged, FeeChanged…), and the indexer tells this cache after each commit, so a
 * change is seen from the moment it is in the projection: the request that made it waits for that before it
 * answers.
 *
 * Like ParticipantStandings, only where this process's indexer sees every commit (PGlite); elsewhere every read
 * goes to the ledger, as before.
 */
import type { LedgerEvent } from "../../../chain/events";
import type { FinancingPort, Ledger, RulesPort } from "../../../chain/ledger";

/** The events after which a kept read may be wrong: the rules' own, the fee, and who holds which role. */
const CHANGES = new Set<string>([
  "BoundsChanged",
  "RulesChanged",
  "SupplierWhitelistChanged",
  "BankEligibilityChanged",
  "FeeChanged",
  "ParticipantRegistered",
  "ParticipantRolesChanged",
  "ParticipantSuspensionChanged",
  "ParticipantFreezeChanged",
]);

export class LedgerReadCache {
  private readonly values = new Map<string, unknown>();
  /** Moves on every invalidation: a read that began before one must not store what it found. */
  private generation = 0;

  constructor(readonly enabled: boolean) {}

  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.values.has(key)) return this.values.get(key) as T;
    const began = this.generation;
    const value = await load();
    if (this.enabled && began === this.generation) this.values.set(key, value);
    return value;
  }

  /** Called once a batch of events is committed to the projection. */
  committed(events: readonly LedgerEvent[]): void {
    if (!events.some((e) => CHANGES.has(e.name))) return;
    this.generation += 1;
    this.values.clear();
  }

  /** `ledger` with its rule and fee reads served from here; everything else goes straight through. */
  wrap(ledger: Ledger): Ledger {
    const r = ledger.rules;
    const f = ledger.financing;
    const key = (...parts: string[]) => parts.map((p) => p.toLowerCase()).join(" ");
    const rules: RulesPort = {
      setBounds: (...a) => r.setBounds(...a),
      setRules: (...a) => r.setRules(...a),
      setWhitelisted: (...a) => r.setWhitelisted(...a),
      setEligibleBanks: (...a) => r.setEligibleBanks(...a),
      bounds: () => this.read("bounds", () => r.bounds()),
      rulesOf: (core) => this.read(key("rules", core), () => r.rulesOf(core)),
      mayReceive: (core, supplier) => this.read(key("receive", core, supplier), () => r.mayReceive(core, supplier)),
      mayFinance: (core, bank) => this.read(key("finance", core, bank), () => r.mayFinance(core, bank)),
    };
    const financing: FinancingPort = {
      request: (...a) => f.request(...a),
      execute: (...a) => f.execute(...a),
      decline: (...a) => f.decline(...a),
      cancel: (...a) => f.cancel(...a),
      release: (...a) => f.release(...a),
      setFee: (...a) => f.setFee(...a),
      get: (...a) => f.get(...a),
      quote: (...a) => f.quote(...a),
      fee: () => this.read("fee", () => f.fee()),
    };
    return {
      chainId: ledger.chainId,
      participants: ledger.participants,
      rules,
      creditLines: ledger.creditLines,
      invoices: ledger.invoices,
      cash: ledger.cash,
      vouchers: ledger.vouchers,
      financing,
      settlement: ledger.settlement,
      dataServices: ledger.dataServices,
      readingAnchors: ledger.readingAnchors,
      receipts: ledger.receipts,
      prices: ledger.prices,
      pledges: ledger.pledges,
      guarantees: ledger.guarantees,
      policies: ledger.policies,
      fees: ledger.fees,
      history: ledger.history,
      clock: ledger.clock,
      ensureGas: (account) => ledger.ensureGas(account),
      ping: () => ledger.ping(),
      close: () => ledger.close(),
    };
  }
}
