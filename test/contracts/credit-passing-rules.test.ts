import { describe, expect, it } from "vitest";
import type { Contract } from "ethers";
import { as, confirmedInvoice, cstMidnightIn, issued, passed, revertsWith, eventsOf, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";
import { DEFAULT_RULES, type Rules } from "./model/state";

interface Bounds {
  maxDepth: number;
  maxTermDays: number;
  minSplitFloor: bigint;
  invoicesMandatory: boolean;
  coverageMandatory: boolean;
}

const DEFAULT_BOUNDS: Bounds = { maxDepth: 32, maxTermDays: 365, minSplitFloor: 1n, invoicesMandatory: false, coverageMandatory: false };
const LOOSE: Rules = {
  maxDepth: 10, maxTermDays: 300, minSplit: 50n, invoicesRequired: false, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: false,
};
const TIGHT: Bounds = { maxDepth: 3, maxTermDays: 90, minSplitFloor: 100n, invoicesMandatory: true, coverageMandatory: true };

const rulesArray = (r: Rules) => [BigInt(r.maxDepth), BigInt(r.maxTermDays), r.minSplit, r.invoicesRequired, r.whitelistOnly, r.banksRestricted, r.issuanceCoveredByCredit];
const boundsArray = (b: Bounds) => [BigInt(b.maxDepth), BigInt(b.maxTermDays), b.minSplitFloor, b.invoicesMandatory, b.coverageMandatory];

describe("CreditPassingRules", () => {
  let ledger: Ledger;
  let a: Actors;
  let R: Contract;
  let A: Addresses;

  useSeededLedger((s) => {
    ({ ledger, a, A } = s);
    R = ledger.CreditPassingRules;
  });

  const rulesOf = async (core: string) => (await R.rulesOf(core)).toArray(true) as unknown[];
  const bounds = async () => (await R.bounds()).toArray(true) as unknown[];
  const setBounds = async (b: Bounds) => (await as(R, a.operator).setBounds(b)).wait();
  const setRules = async (core: keyof Actors, r: Rules) => (await as(R, a[core]).setRules(r)).wait();

  /** The three ways a caller that is not an active core enterprise is refused. */
  async function refusesNonCore(call: (c: Contract) => Promise<unknown>): Promise<void> {
    expect(await revertsWith(call(as(R, a.s1)), "ParticipantsMissingRole")).toEqual([A.s1, 4n]);
    expect(await revertsWith(call(as(R, a.outsider)), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
    await (await as(ledger.Participants, a.operator).suspend(A.core)).wait();
    expect(await revertsWith(call(as(R, a.core)), "ParticipantsNotActive")).toEqual([A.core, 2n]);
    await (await as(ledger.Participants, a.regulator).freeze(A.core)).wait();
    expect(await revertsWith(call(as(R, a.core)), "ParticipantsNotActive")).toEqual([A.core, 3n]);
  }

  describe("bounds", () => {
    it("when the ledger is deployed, then the bounds are the hard limits and BoundsChanged was emitted", async () => {
      expect(await bounds()).toEqual(boundsArray(DEFAULT_BOUNDS));
      const logs = await R.queryFilter(R.filters.BoundsChanged(), 0);
      expect(logs).toHaveLength(1);
      expect((logs[0] as unknown as { args: { toArray(deep: boolean): unknown[] } }).args.toArray(true)).toEqual([boundsArray(DEFAULT_BOUNDS)]);
    });
  });

  describe("setBounds", () => {
    it("when the operator sets valid bounds, then they apply and BoundsChanged carries them", async () => {
      const events = await eventsOf(as(R, a.operator).setBounds(TIGHT), R);
      expect(events).toEqual([{ name: "BoundsChanged", args: [boundsArray(TIGHT)] }]);
      expect(await bounds()).toEqual(boundsArray(TIGHT));
      const edge: Bounds = { maxDepth: 32, maxTermDays: 365, minSplitFloor: 1n, invoicesMandatory: false, coverageMandatory: false };
      await setBounds({ ...edge, maxDepth: 1, maxTermDays: 1 });
      expect((await R.bounds()).maxTermDays).toBe(1n);
    });

    it("when a bound is outside the hard limits, then CreditPassingRulesInvalidBounds and the bounds stay", async () => {
      for (const bad of [
        { ...TIGHT, maxDepth: 0 }, { ...TIGHT, maxDepth: 33 }, { ...TIGHT, maxTermDays: 0 },
        { ...TIGHT, maxTermDays: 366 }, { ...TIGHT, minSplitFloor: 0n },
      ]) {
        await revertsWith(as(R, a.operator).setBounds(bad), "CreditPassingRulesInvalidBounds");
      }
      expect(await bounds()).toEqual(boundsArray(DEFAULT_BOUNDS));
    });

    it("when someone other than an active operator sets bounds, then it is refused and the bounds stay", async () => {
      expect(await revertsWith(as(R, a.core).setBounds(TIGHT), "ParticipantsMissingRole")).toEqual([A.core, 1n]);
      expect(await revertsWith(as(R, a.regulator).setBounds(TIGHT), "ParticipantsMissingRole")).toEqual([A.regulator, 1n]);
      expect(await revertsWith(as(R, a.outsider).setBounds(TIGHT), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await (await as(ledger.Participants, a.regulator).freeze(A.operator)).wait();
      expect(await revertsWith(as(R, a.operator).setBounds(TIGHT), "ParticipantsNotActive")).toEqual([A.operator, 3n]);
      expect(await bounds()).toEqual(boundsArray(DEFAULT_BOUNDS));
    });
  });

  describe("setRules", () => {
    it("when a core enterprise sets rules within bounds, then rulesOf returns them and RulesChanged carries them", async () => {
      const events = await eventsOf(as(R, a.core).setRules(LOOSE), R);
      expect(events).toEqual([{ name: "RulesChanged", args: [A.core, rulesArray(LOOSE)] }]);
      expect(await rulesOf(A.core)).toEqual(rulesArray(LOOSE));
      expect(await rulesOf(A.core2)).toEqual(rulesArray(DEFAULT_RULES));
    });

    it("when rules fall outside the bounds, then CreditPassingRulesOutOfBounds and the rules stay", async () => {
      await setBounds(TIGHT);
      const ok: Rules = { ...DEFAULT_RULES, maxDepth: 3, maxTermDays: 90, minSplit: 100n };
      for (const bad of [
        { ...ok, maxDepth: 0 }, { ...ok, maxDepth: 4 }, { ...ok, maxTermDays: 0 }, { ...ok, maxTermDays: 91 },
        { ...ok, minSplit: 99n }, { ...ok, invoicesRequired: false }, { ...ok, issuanceCoveredByCredit: false },
      ]) {
        await revertsWith(as(R, a.core).setRules(bad), "CreditPassingRulesOutOfBounds");
      }
      const clampedDefaults = [3n, 90n, 100n, true, false, false, true];
      expect(await rulesOf(A.core)).toEqual(clampedDefaults);
      await setRules("core", ok);
      expect(await rulesOf(A.core)).toEqual(rulesArray(ok));
    });

    it("when the caller is not an active core enterprise, then it is refused and the defaults stay", async () => {
      await refusesNonCore((c) => c.setRules(LOOSE));
      expect(await rulesOf(A.core)).toEqual(rulesArray(DEFAULT_RULES));
      expect(await rulesOf(A.s1)).toEqual(rulesArray(DEFAULT_RULES));
    });
  });

  describe("rulesOf", () => {
    it("when a program never set rules, then the defaults apply: depth 5, 180 days, invoices required, coverage on", async () => {
      expect(await rulesOf(A.core)).toEqual(rulesArray(DEFAULT_RULES));
      expect(await rulesOf(A.outsider)).toEqual(rulesArray(DEFAULT_RULES));
    });

    it("when the operator tightens bounds after a program chose looser rules, then the rules read clamped, and loosening restores them", async () => {
      await setRules("core", LOOSE);
      await setBounds(TIGHT);
      expect(await rulesOf(A.core)).toEqual([3n, 90n, 100n, true, false, false, true]);
      await setBounds({ ...DEFAULT_BOUNDS, maxDepth: 8, maxTermDays: 200, minSplitFloor: 20n });
      expect(await rulesOf(A.core)).toEqual([8n, 200n, 50n, false, false, false, false]);
      await setBounds(DEFAULT_BOUNDS);
      expect(await rulesOf(A.core)).toEqual(rulesArray(LOOSE));
    });

    it("when rules are stricter than the bounds, then clamping leaves them as they are", async () => {
      const strict: Rules = { ...DEFAULT_RULES, maxDepth: 2, maxTermDays: 30, minSplit: 10_000n, whitelistOnly: true, banksRestricted: true };
      await setRules("core", strict);
      await setBounds(TIGHT);
      expect(await rulesOf(A.core)).toEqual(rulesArray(strict));
    });
  });

  describe("rulesWordOf", () => {
    const ZERO = "0x0000000000000000000000000000000000000000";
    const MAY_RECEIVE = 1n << 120n;
    const MAY_FINANCE = 1n << 121n;
    /** The word as ProgramRules reads it: from the low byte up, depth, term, minimum piece, one byte per flag. */
    const packed = (r: Rules) =>
      BigInt(r.maxDepth) | (BigInt(r.maxTermDays) << 8n) | (r.minSplit << 24n) | (BigInt(r.invoicesRequired) << 88n) |
      (BigInt(r.whitelistOnly) << 96n) | (BigInt(r.banksRestricted) << 104n) | (BigInt(r.issuanceCoveredByCredit) << 112n);
    const word = async (core: string, recipient = ZERO, bank = ZERO) => (await R.rulesWordOf(core, recipient, bank)) as bigint;

    it("when no party is named, then the word is rulesOf packed: the defaults, a program's own rules, and the same rules clamped", async () => {
      expect(await word(A.core)).toBe(packed(DEFAULT_RULES));
      await setRules("core", LOOSE);
      expect(await word(A.core)).toBe(packed(LOOSE));
      await setBounds(TIGHT);
      expect(await word(A.core)).toBe(packed({ maxDepth: 3, maxTermDays: 90, minSplit: 100n, invoicesRequired: true, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: true }));
    });

    it("when neither list is restricted, then any named recipient and bank get their bits, and an unnamed one does not", async () => {
      expect(await word(A.core, A.s1, A.bank)).toBe(packed(DEFAULT_RULES) | MAY_RECEIVE | MAY_FINANCE);
      expect(await word(A.core, A.s1)).toBe(packed(DEFAULT_RULES) | MAY_RECEIVE);
      expect(await word(A.core, ZERO, A.bank)).toBe(packed(DEFAULT_RULES) | MAY_FINANCE);
    });

    it("when both lists are restricted, then the bits follow mayReceive and mayFinance", async () => {
      const closed: Rules = { ...DEFAULT_RULES, whitelistOnly: true, banksRestricted: true };
      await setRules("core", closed);
      expect(await word(A.core, A.s1, A.bank)).toBe(packed(closed));
      await (await as(R, a.core).setWhitelisted([A.s1], true)).wait();
      expect(await word(A.core, A.s1, A.bank)).toBe(packed(closed) | MAY_RECEIVE);
      expect(await word(A.core, A.s2, A.bank)).toBe(packed(closed));
      await (await as(R, a.core).setEligibleBanks([A.bank], true)).wait();
      expect(await word(A.core, A.s1, A.bank)).toBe(packed(closed) | MAY_RECEIVE | MAY_FINANCE);
      expect(await word(A.core, A.s2, A.bank2)).toBe(packed(closed));
      expect(await R.mayReceive(A.core, A.s2)).toBe(false);
      expect(await R.mayFinance(A.core, A.bank2)).toBe(false);
    });
  });

  describe("defaults and clamped rules as the vouchers enforce them", () => {
    it("when a program keeps the defaults, then a 180-day term is allowed and 181 days is not", async () => {
      const key = await confirmedInvoice(ledger, a.s1, a.core, 1_000n);
      const tooLong = await cstMidnightIn(181);
      expect(await revertsWith(as(ledger.Vouchers, a.core).issue(A.s1, 1_000n, tooLong, [key]), "VouchersInvalidMaturity")).toEqual([BigInt(tooLong), 180n]);
      await issued(ledger, a.core, a.s1, 1_000n, await cstMidnightIn(180));
    });

    it("when a program keeps the defaults, then issuing without invoices or without credit cover is refused", async () => {
      const m = await cstMidnightIn(30);
      await revertsWith(as(ledger.Vouchers, a.core).issue(A.s1, 1_000n, m, []), "VouchersInvoicesRequired");
      const key = await confirmedInvoice(ledger, a.s1, a.core2, 1_000n);
      expect(await revertsWith(as(ledger.Vouchers, a.core2).issue(A.s1, 1_000n, m, [key]), "VouchersIssuanceNotCovered")).toEqual([0n, 0n, 1_000n]);
    });

    it("when a program keeps the defaults, then a voucher reaches tier 5 but not tier 6", async () => {
      let id = await issued(ledger, a.core, a.s1, 10_000n, await cstMidnightIn(60));
      const chain = [a.s1, a.s2, a.s3, a.s4, a.s5];
      for (let i = 1; i < chain.length; i++) id = await passed(ledger, id, chain[i - 1], chain[i], 10_000n - BigInt(i) * 100n);
      expect((await ledger.Vouchers.voucher(id)).depth).toBe(5n);
      const key = await confirmedInvoice(ledger, a.core2, a.s5, 100n);
      const tx = as(ledger.Vouchers, a.s5).splitTransfer(id, A.core2, 100n, [key]);
      expect(await revertsWith(tx, "VouchersDepthExceeded")).toEqual([6n, 5n]);
    });

    it("when the operator tightens the depth bound below a program's rule, then transfers obey the bound", async () => {
      await setRules("core", { ...LOOSE, invoicesRequired: true, issuanceCoveredByCredit: true });
      const id = await issued(ledger, a.core, a.s1, 10_000n, await cstMidnightIn(60));
      await setBounds({ ...DEFAULT_BOUNDS, maxDepth: 1 });
      const key = await confirmedInvoice(ledger, a.s2, a.s1, 1_000n);
      expect(await revertsWith(as(ledger.Vouchers, a.s1).splitTransfer(id, A.s2, 1_000n, [key]), "VouchersDepthExceeded")).toEqual([2n, 1n]);
      expect((await ledger.Vouchers.voucher(id)).value).toBe(10_000n);
    });
  });

  describe("setWhitelisted / mayReceive", () => {
    it("when the whitelist is off, then anyone may receive", async () => {
      expect(await R.mayReceive(A.core, A.s1)).toBe(true);
      expect(await R.mayReceive(A.core, A.outsider)).toBe(true);
    });

    it("when the whitelist is on, then only listed suppliers may receive, and removal takes effect", async () => {
      await setRules("core", { ...DEFAULT_RULES, whitelistOnly: true });
      expect(await R.mayReceive(A.core, A.s1)).toBe(false);
      const events = await eventsOf(as(R, a.core).setWhitelisted([A.s1, A.s2], true), R);
      expect(events).toEqual([
        { name: "SupplierWhitelistChanged", args: [A.core, A.s1, true] },
        { name: "SupplierWhitelistChanged", args: [A.core, A.s2, true] },
      ]);
      expect([await R.mayReceive(A.core, A.s1), await R.mayReceive(A.core, A.s2), await R.mayReceive(A.core, A.s3)]).toEqual([true, true, false]);
      // Lists are per program: core2 runs no whitelist, so s3 may still receive its vouchers.
      expect(await R.mayReceive(A.core2, A.s3)).toBe(true);
      await (await as(R, a.core).setWhitelisted([A.s2], false)).wait();
      expect(await R.mayReceive(A.core, A.s2)).toBe(false);
    });

    it("when a program is whitelist-only, then issuing to an unlisted supplier is refused until it is listed", async () => {
      await setRules("core", { ...DEFAULT_RULES, whitelistOnly: true });
      const m = await cstMidnightIn(30);
      const key = await confirmedInvoice(ledger, a.s1, a.core, 1_000n);
      expect(await revertsWith(as(ledger.Vouchers, a.core).issue(A.s1, 1_000n, m, [key]), "VouchersRecipientNotAllowed")).toEqual([A.s1]);
      await (await as(R, a.core).setWhitelisted([A.s1], true)).wait();
      await (await as(ledger.Vouchers, a.core).issue(A.s1, 1_000n, m, [key])).wait();
      expect((await ledger.Vouchers.voucher(await ledger.Vouchers.lastId())).owner).toBe(A.s1);
    });

    it("when the caller is not an active core enterprise, then it is refused and nothing is listed", async () => {
      await setRules("core", { ...DEFAULT_RULES, whitelistOnly: true });
      await refusesNonCore((c) => c.setWhitelisted([A.s1], true));
      expect(await R.mayReceive(A.core, A.s1)).toBe(false);
    });
  });

  describe("setEligibleBanks / mayFinance", () => {
    it("when banks are not restricted, then any bank may finance", async () => {
      expect(await R.mayFinance(A.core, A.bank)).toBe(true);
      expect(await R.mayFinance(A.core, A.bank2)).toBe(true);
    });

    it("when banks are restricted, then only eligible banks may finance, and revoking takes effect", async () => {
      await setRules("core", { ...DEFAULT_RULES, banksRestricted: true });
      expect(await R.mayFinance(A.core, A.bank)).toBe(false);
      const events = await eventsOf(as(R, a.core).setEligibleBanks([A.bank], true), R);
      expect(events).toEqual([{ name: "BankEligibilityChanged", args: [A.core, A.bank, true] }]);
      expect([await R.mayFinance(A.core, A.bank), await R.mayFinance(A.core, A.bank2)]).toEqual([true, false]);
      await (await as(R, a.core).setEligibleBanks([A.bank], false)).wait();
      expect(await R.mayFinance(A.core, A.bank)).toBe(false);
    });

    it("when a program restricts banks, then a financing request to an ineligible bank is refused", async () => {
      await setRules("core", { ...DEFAULT_RULES, banksRestricted: true });
      await (await as(R, a.core).setEligibleBanks([A.bank], true)).wait();
      const id = await issued(ledger, a.core, a.s1, 1_000_00n, await cstMidnightIn(60));
      const deadline = await cstMidnightIn(1);
      const f = as(ledger.Financing, a.s1);
      expect(await revertsWith(f.request(id, 500_00n, A.bank2, 450, deadline), "FinancingBankNotEligible")).toEqual([A.bank2, A.core]);
      expect((await ledger.Vouchers.voucher(id)).locked).toBe(0n);
      await (await f.request(id, 500_00n, A.bank, 450, deadline)).wait();
      expect((await ledger.Vouchers.voucher(id)).locked).toBe(500_00n);
    });

    it("when the caller is not an active core enterprise, then it is refused and no bank becomes eligible", async () => {
      await setRules("core", { ...DEFAULT_RULES, banksRestricted: true });
      await refusesNonCore((c) => c.setEligibleBanks([A.bank], true));
      expect(await R.mayFinance(A.core, A.bank)).toBe(false);
    });
  });
});
