import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, ZeroAddress, type Contract } from "ethers";
import { as, DAY, eventsOf, increaseTo, latest, mined, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { addressOf, useSeededLedger, type Addresses } from "./fixture";

const DOC = keccak256(toUtf8Bytes("contract scan, salted"));
const DIGEST = keccak256(toUtf8Bytes("openings shown"));
const FEE = 50_00n;
const STATUS_SUSPENDED = 2n;

describe("DataServices", () => {
  let ledger: Ledger;
  let a: Actors;
  let A: Addresses;
  let D: Contract;
  let cash: Contract;

  useSeededLedger((s) => {
    ({ ledger, a, A } = s);
    D = ledger.DataServices;
    cash = ledger.SettlementCash;
  });

  const consentFor = async (days: number) => (await latest()) + days * DAY;
  const balance = async (who: string) => (await cash.balanceOf(who)) as bigint;

  describe("documents", () => {
    it("when a participant commits to a document, then the ledger names it the owner, once", async () => {
      expect(await eventsOf(as(D, a.s1).commitDocument(DOC), D)).toEqual([{ name: "DocumentCommitted", args: [A.s1, DOC] }]);
      expect(await D.documentOwner(DOC)).toBe(A.s1);
      expect(await revertsWith(as(D, a.s2).commitDocument(DOC), "DataServicesDocumentCommitted")).toEqual([DOC]);
      expect(await D.documentOwner(DOC)).toBe(A.s1);
    });

    it("when the commitment is zero, or the caller is not an active participant, then it is refused", async () => {
      await revertsWith(as(D, a.s1).commitDocument(`0x${"0".repeat(64)}`), "DataServicesInvalidArgument");
      await revertsWith(as(D, a.outsider).commitDocument(DOC), "ParticipantsNotActive");
      expect(await D.documentOwner(DOC)).toBe(ZeroAddress);
    });
  });

  describe("disclosures", () => {
    it("when a holder records a disclosure to a bank, then the event names holder, bank, voucher and digest", async () => {
      expect(await eventsOf(as(D, a.s1).recordDisclosure(A.bank, 7n, DIGEST), D)).toEqual([
        { name: "DisclosureRecorded", args: [A.s1, A.bank, 7n, DIGEST] },
      ]);
    });

    it("when the recipient is not a bank, the digest is zero, or the holder is not active, then it is refused", async () => {
      expect(await revertsWith(as(D, a.s1).recordDisclosure(A.s2, 7n, DIGEST), "ParticipantsMissingRole")).toEqual([A.s2, BigInt(ROLE.BANK)]);
      await revertsWith(as(D, a.s1).recordDisclosure(A.bank, 7n, `0x${"0".repeat(64)}`), "DataServicesInvalidArgument");
      await revertsWith(as(D, a.outsider).recordDisclosure(A.bank, 7n, DIGEST), "ParticipantsNotActive");
    });
  });

  describe("consent and queries", () => {
    it("when a supplier consents to a bank, then the bank may query until the end, paying the fee to the operator", async () => {
      await mined(as(D, a.operator).setQueryFee(FEE, A.operator));
      const until = await consentFor(30);
      expect(await eventsOf(as(D, a.s1).grantConsent(A.bank, until), D)).toEqual([{ name: "ConsentGranted", args: [A.s1, A.bank, BigInt(until)] }]);
      expect(await D.consentUntil(A.s1, A.bank)).toBe(BigInt(until));
      await mined(as(cash, a.bank).approve(addressOf(D), FEE * 3n));
      const [bankBefore, opBefore] = [await balance(A.bank), await balance(A.operator)];
      expect(await eventsOf(as(D, a.bank).recordQuery(A.s1, DIGEST), D)).toEqual([{ name: "RiskQueried", args: [A.bank, A.s1, DIGEST, FEE] }]);
      expect(await balance(A.bank)).toBe(bankBefore - FEE);
      expect(await balance(A.operator)).toBe(opBefore + FEE);
      expect(await cash.allowance(A.bank, addressOf(D))).toBe(FEE * 2n);
    });

    it("when the consent ends or is withdrawn, then the next query is refused and nothing is charged", async () => {
      const until = await consentFor(2);
      await mined(as(D, a.s1).grantConsent(A.bank, until));
      await mined(as(cash, a.bank).approve(addressOf(D), FEE * 10n));
      await mined(as(D, a.operator).setQueryFee(FEE, A.operator));
      await increaseTo(until);
      const before = await balance(A.bank);
      expect(await revertsWith(as(D, a.bank).recordQuery(A.s1, DIGEST), "DataServicesNoConsent")).toEqual([A.s1, A.bank]);
      expect(await D.consentUntil(A.s1, A.bank)).toBe(0n);
      expect(await revertsWith(as(D, a.s1).withdrawConsent(A.bank), "DataServicesNoConsent")).toEqual([A.s1, A.bank]);

      await mined(as(D, a.s1).grantConsent(A.bank, await consentFor(5)));
      expect(await eventsOf(as(D, a.s1).withdrawConsent(A.bank), D)).toEqual([{ name: "ConsentWithdrawn", args: [A.s1, A.bank] }]);
      await revertsWith(as(D, a.bank).recordQuery(A.s1, DIGEST), "DataServicesNoConsent");
      expect(await balance(A.bank)).toBe(before);
    });

    it("when consent is to another bank, then this bank cannot query", async () => {
      await mined(as(D, a.s1).grantConsent(A.bank2, await consentFor(5)));
      expect(await revertsWith(as(D, a.bank).recordQuery(A.s1, DIGEST), "DataServicesNoConsent")).toEqual([A.s1, A.bank]);
    });

    it("when the bank's allowance does not cover the fee, then the query is refused and not recorded", async () => {
      await mined(as(D, a.operator).setQueryFee(FEE, A.operator));
      await mined(as(D, a.s1).grantConsent(A.bank, await consentFor(5)));
      await mined(as(cash, a.bank).approve(addressOf(D), FEE - 1n));
      await revertsWith(as(D, a.bank).recordQuery(A.s1, DIGEST), "ERC20InsufficientAllowance");
      expect(await D.queryFilter(D.filters.RiskQueried())).toEqual([]);
    });

    it("when no fee is set, then a consented query costs nothing and needs no allowance", async () => {
      await mined(as(D, a.s1).grantConsent(A.bank, await consentFor(5)));
      const before = await balance(A.bank);
      expect(await eventsOf(as(D, a.bank).recordQuery(A.s1, DIGEST), D)).toEqual([{ name: "RiskQueried", args: [A.bank, A.s1, DIGEST, 0n] }]);
      expect(await balance(A.bank)).toBe(before);
    });

    it("when a consent's end is now, in the past or beyond a year and a day, or the grantee is not a bank or itself, then it is refused", async () => {
      const now = await latest();
      await revertsWith(as(D, a.s1).grantConsent(A.bank, now), "DataServicesInvalidArgument");
      await revertsWith(as(D, a.s1).grantConsent(A.bank, now + 367 * DAY), "DataServicesInvalidArgument");
      expect(await revertsWith(as(D, a.s1).grantConsent(A.s2, now + DAY), "ParticipantsMissingRole")).toEqual([A.s2, BigInt(ROLE.BANK)]);
      expect(await revertsWith(as(D, a.bank).grantConsent(A.bank, now + DAY), "DataServicesSelfConsent")).toEqual([A.bank]);
      await revertsWith(as(D, a.outsider).grantConsent(A.bank, now + DAY), "ParticipantsNotActive");
      expect(await D.consentUntil(A.s1, A.bank)).toBe(0n);
    });

    it("when a non-bank queries, or the digest is zero, then it is refused", async () => {
      await mined(as(D, a.s1).grantConsent(A.bank, await consentFor(5)));
      expect(await revertsWith(as(D, a.s2).recordQuery(A.s1, DIGEST), "ParticipantsMissingRole")).toEqual([A.s2, BigInt(ROLE.BANK)]);
      await revertsWith(as(D, a.bank).recordQuery(A.s1, `0x${"0".repeat(64)}`), "DataServicesInvalidArgument");
    });

    it("when a suspended bank queries, then it is refused even with consent", async () => {
      await mined(as(D, a.s1).grantConsent(A.bank, await consentFor(5)));
      await mined(as(ledger.Participants, a.operator).suspend(A.bank));
      expect(await revertsWith(as(D, a.bank).recordQuery(A.s1, DIGEST), "ParticipantsNotActive")).toEqual([A.bank, STATUS_SUSPENDED]);
    });
  });

  describe("the query fee", () => {
    it("when the operator sets it, then it is read back with its recipient", async () => {
      expect(await eventsOf(as(D, a.operator).setQueryFee(FEE, A.operator), D)).toEqual([{ name: "QueryFeeChanged", args: [FEE, A.operator] }]);
      expect((await D.queryFee()).toArray()).toEqual([FEE, A.operator]);
    });

    it("when someone else sets it, or the recipient is not an operator, then it is refused and unchanged", async () => {
      expect(await revertsWith(as(D, a.bank).setQueryFee(FEE, A.bank), "ParticipantsMissingRole")).toEqual([A.bank, BigInt(ROLE.OPERATOR)]);
      expect(await revertsWith(as(D, a.operator).setQueryFee(FEE, A.s1), "ParticipantsMissingRole")).toEqual([A.s1, BigInt(ROLE.OPERATOR)]);
      expect((await D.queryFee()).toArray()).toEqual([0n, ZeroAddress]);
    });
  });
});
