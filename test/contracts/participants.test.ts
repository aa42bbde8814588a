import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, ZeroAddress, ZeroHash, type Contract } from "ethers";
import { as, confirmedInvoice, cstMidnightIn, revertsWith, ROLE, type Actors, type Ledger, eventsOf } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";

const STATUS = { None: 0n, Active: 1n, Suspended: 2n, Frozen: 3n } as const;
const USCC = keccak256(toUtf8Bytes("91310000MA1FL0000X"));
const KYC = keccak256(toUtf8Bytes("kyc-v1"));
const KYC2 = keccak256(toUtf8Bytes("kyc-v2"));

describe("Participants", () => {
  let ledger: Ledger;
  let a: Actors;
  let P: Contract;
  let A: Addresses;

  useSeededLedger((s) => {
    ({ ledger, a, A } = s);
    P = ledger.Participants;
  });

  const record = async (account: string) => (await P.participant(account)).toArray() as unknown[];
  const op = () => as(P, a.operator);
  const reg = () => as(P, a.regulator);

  describe("constructor", () => {
    it("when the ledger is deployed, then the operator and the regulator are active in their single roles", async () => {
      expect(await record(A.operator)).toEqual([BigInt(ROLE.OPERATOR), true, false, false, ZeroHash, ZeroHash]);
      expect(await P.isActiveAs(A.operator, ROLE.OPERATOR)).toBe(true);
      expect(await P.isActiveAs(A.regulator, ROLE.REGULATOR)).toBe(true);
      expect(await P.isActiveAs(A.regulator, ROLE.OPERATOR)).toBe(false);
      expect(await P.isActiveAs(A.operator, ROLE.REGULATOR)).toBe(false);
    });
  });

  describe("register", () => {
    it("when the operator registers a new account, then its record, status and event carry the roles and hashes", async () => {
      const events = await eventsOf(op().register(A.outsider, ROLE.SUPPLIER, USCC, KYC), P);
      expect(events).toEqual([{ name: "ParticipantRegistered", args: [A.outsider, BigInt(ROLE.SUPPLIER), USCC, KYC] }]);
      expect(await record(A.outsider)).toEqual([BigInt(ROLE.SUPPLIER), true, false, false, USCC, KYC]);
      expect(await P.statusOf(A.outsider)).toBe(STATUS.Active);
      expect(await P.isActiveAs(A.outsider, ROLE.SUPPLIER)).toBe(true);
    });

    it("when the zero address is registered, then ParticipantsZeroAddress and nothing is recorded", async () => {
      await revertsWith(op().register(ZeroAddress, ROLE.SUPPLIER, USCC, KYC), "ParticipantsZeroAddress");
      expect((await P.participant(ZeroAddress)).registered).toBe(false);
    });

    it("when an account is registered twice, then ParticipantsAlreadyRegistered and its first record stays", async () => {
      const before = await record(A.s1);
      expect(await revertsWith(op().register(A.s1, ROLE.BANK, USCC, KYC2), "ParticipantsAlreadyRegistered")).toEqual([A.s1]);
      expect(await record(A.s1)).toEqual(before);
    });

    it("when the roles are empty, then ParticipantsInvalidRoles and nothing is recorded", async () => {
      expect(await revertsWith(op().register(A.outsider, 0, USCC, KYC), "ParticipantsInvalidRoles")).toEqual([0n]);
      expect(await P.statusOf(A.outsider)).toBe(STATUS.None);
    });

    it("when the operator registers a warehouse, a guarantor and an insurer, then each is active in its kind and no other", async () => {
      const kinds = [[A.outsider, ROLE.WAREHOUSE], [A.deployer, ROLE.GUARANTOR | ROLE.INSURER]] as const;
      for (const [account, roles] of kinds) await (await op().register(account, roles, USCC, KYC)).wait();
      expect(await P.isActiveAs(A.outsider, ROLE.WAREHOUSE)).toBe(true);
      expect(await P.isActiveAs(A.outsider, ROLE.BANK)).toBe(false);
      expect(await P.isActiveAs(A.deployer, ROLE.GUARANTOR | ROLE.INSURER)).toBe(true);
      expect(await P.isActiveAs(A.deployer, ROLE.WAREHOUSE)).toBe(false);
      expect((await P.participant(A.deployer)).roles).toBe(BigInt(ROLE.GUARANTOR | ROLE.INSURER));
    });

    it("when a non-operator registers, then ParticipantsMissingRole", async () => {
      for (const s of [a.regulator, a.bank, a.core]) {
        const args = await revertsWith(as(P, s).register(A.outsider, ROLE.SUPPLIER, USCC, KYC), "ParticipantsMissingRole");
        expect(args).toEqual([await s.getAddress(), BigInt(ROLE.OPERATOR)]);
      }
      expect(await P.statusOf(A.outsider)).toBe(STATUS.None);
    });

    it("when an unregistered account registers, then ParticipantsNotActive with status None", async () => {
      const args = await revertsWith(as(P, a.outsider).register(A.outsider, ROLE.SUPPLIER, USCC, KYC), "ParticipantsNotActive");
      expect(args).toEqual([A.outsider, STATUS.None]);
    });

    it("when the operator is suspended by a second operator, or frozen, then it can no longer register", async () => {
      await (await op().register(A.outsider, ROLE.OPERATOR, USCC, KYC)).wait();
      await (await as(P, a.outsider).suspend(A.operator)).wait();
      expect(await revertsWith(op().register(A.s5, ROLE.BANK, USCC, KYC), "ParticipantsNotActive")).toEqual([A.operator, STATUS.Suspended]);
      await (await reg().freeze(A.operator)).wait();
      expect(await revertsWith(op().register(A.s5, ROLE.BANK, USCC, KYC), "ParticipantsNotActive")).toEqual([A.operator, STATUS.Frozen]);
    });
  });

  describe("setRoles", () => {
    it("when the operator replaces an account's roles, then the new roles apply and ParticipantRolesChanged is emitted", async () => {
      const events = await eventsOf(op().setRoles(A.s1, ROLE.SUPPLIER | ROLE.BANK), P);
      expect(events).toEqual([{ name: "ParticipantRolesChanged", args: [A.s1, BigInt(ROLE.SUPPLIER | ROLE.BANK)] }]);
      expect(await P.isActiveAs(A.s1, ROLE.BANK)).toBe(true);
      await (await op().setRoles(A.s1, ROLE.BANK)).wait();
      expect(await P.isActiveAs(A.s1, ROLE.SUPPLIER)).toBe(false);
    });

    it("when the account is not registered, then ParticipantsNotRegistered", async () => {
      expect(await revertsWith(op().setRoles(A.outsider, ROLE.SUPPLIER), "ParticipantsNotRegistered")).toEqual([A.outsider]);
      expect(await P.statusOf(A.outsider)).toBe(STATUS.None);
    });

    it("when the new roles are empty, then ParticipantsInvalidRoles and the old roles stay", async () => {
      expect(await revertsWith(op().setRoles(A.s1, 0), "ParticipantsInvalidRoles")).toEqual([0n]);
      expect((await P.participant(A.s1)).roles).toBe(BigInt(ROLE.SUPPLIER));
    });

    it("when the operator drops its own operator role, then ParticipantsSelfLockout; keeping it while adding others is fine", async () => {
      expect(await revertsWith(op().setRoles(A.operator, ROLE.REGULATOR), "ParticipantsSelfLockout")).toEqual([A.operator]);
      expect((await P.participant(A.operator)).roles).toBe(BigInt(ROLE.OPERATOR));
      await (await op().setRoles(A.operator, ROLE.OPERATOR | ROLE.BANK)).wait();
      expect(await P.isActiveAs(A.operator, ROLE.OPERATOR | ROLE.BANK)).toBe(true);
    });

    it("when a non-operator changes roles, then ParticipantsMissingRole", async () => {
      expect(await revertsWith(reg().setRoles(A.s1, ROLE.BANK), "ParticipantsMissingRole")).toEqual([A.regulator, BigInt(ROLE.OPERATOR)]);
      expect((await P.participant(A.s1)).roles).toBe(BigInt(ROLE.SUPPLIER));
    });
  });

  describe("updateKyc", () => {
    it("when the operator records a new KYC hash, then the record holds it and ParticipantKycUpdated is emitted", async () => {
      const events = await eventsOf(op().updateKyc(A.bank, KYC2), P);
      expect(events).toEqual([{ name: "ParticipantKycUpdated", args: [A.bank, KYC2] }]);
      expect((await P.participant(A.bank)).kycHash).toBe(KYC2);
    });

    it("when the account is not registered, then ParticipantsNotRegistered", async () => {
      expect(await revertsWith(op().updateKyc(A.outsider, KYC2), "ParticipantsNotRegistered")).toEqual([A.outsider]);
    });

    it("when a non-operator updates KYC, then ParticipantsMissingRole and the hash stays", async () => {
      const before = (await P.participant(A.bank)).kycHash;
      await revertsWith(as(P, a.bank).updateKyc(A.bank, KYC2), "ParticipantsMissingRole");
      expect((await P.participant(A.bank)).kycHash).toBe(before);
    });
  });

  describe("suspend / reinstate", () => {
    it("when the operator suspends an account, then it is Suspended, not active in any role, and the event says so", async () => {
      const events = await eventsOf(op().suspend(A.s1), P);
      expect(events).toEqual([{ name: "ParticipantSuspensionChanged", args: [A.s1, true] }]);
      expect(await P.statusOf(A.s1)).toBe(STATUS.Suspended);
      expect(await P.isActiveAs(A.s1, ROLE.SUPPLIER)).toBe(false);
      expect(await P.isActiveAs(A.s1, 0)).toBe(false);
      expect(await revertsWith(P.requireActive(A.s1, ROLE.SUPPLIER), "ParticipantsNotActive")).toEqual([A.s1, STATUS.Suspended]);
    });

    it("when a suspended account is reinstated, then it is Active again", async () => {
      await (await op().suspend(A.s1)).wait();
      const events = await eventsOf(op().reinstate(A.s1), P);
      expect(events).toEqual([{ name: "ParticipantSuspensionChanged", args: [A.s1, false] }]);
      expect(await P.statusOf(A.s1)).toBe(STATUS.Active);
    });

    it("when suspending a suspended account or reinstating an active one, then ParticipantsStatusUnchanged", async () => {
      await (await op().suspend(A.s1)).wait();
      expect(await revertsWith(op().suspend(A.s1), "ParticipantsStatusUnchanged")).toEqual([A.s1]);
      expect(await revertsWith(op().reinstate(A.s2), "ParticipantsStatusUnchanged")).toEqual([A.s2]);
      expect(await P.statusOf(A.s1)).toBe(STATUS.Suspended);
      expect(await P.statusOf(A.s2)).toBe(STATUS.Active);
    });

    it("when the account is not registered, then ParticipantsNotRegistered", async () => {
      await revertsWith(op().suspend(A.outsider), "ParticipantsNotRegistered");
      await revertsWith(op().reinstate(A.outsider), "ParticipantsNotRegistered");
    });

    it("when the operator suspends itself, then ParticipantsSelfLockout", async () => {
      expect(await revertsWith(op().suspend(A.operator), "ParticipantsSelfLockout")).toEqual([A.operator]);
      expect(await P.statusOf(A.operator)).toBe(STATUS.Active);
    });

    it("when the regulator suspends or reinstates, then ParticipantsMissingRole", async () => {
      await revertsWith(reg().suspend(A.s1), "ParticipantsMissingRole");
      await (await op().suspend(A.s1)).wait();
      await revertsWith(reg().reinstate(A.s1), "ParticipantsMissingRole");
      expect(await P.statusOf(A.s1)).toBe(STATUS.Suspended);
    });
  });

  describe("freeze / unfreeze", () => {
    it("when the regulator freezes an account, then it is Frozen and the event says so", async () => {
      const events = await eventsOf(reg().freeze(A.bank), P);
      expect(events).toEqual([{ name: "ParticipantFreezeChanged", args: [A.bank, true] }]);
      expect(await P.statusOf(A.bank)).toBe(STATUS.Frozen);
      expect(await revertsWith(P.requireActive(A.bank, 0), "ParticipantsNotActive")).toEqual([A.bank, STATUS.Frozen]);
      const unfreeze = await eventsOf(reg().unfreeze(A.bank), P);
      expect(unfreeze).toEqual([{ name: "ParticipantFreezeChanged", args: [A.bank, false] }]);
      expect(await P.statusOf(A.bank)).toBe(STATUS.Active);
    });

    it("when the operator freezes or unfreezes, then ParticipantsMissingRole", async () => {
      expect(await revertsWith(op().freeze(A.s1), "ParticipantsMissingRole")).toEqual([A.operator, BigInt(ROLE.REGULATOR)]);
      await (await reg().freeze(A.s1)).wait();
      await revertsWith(op().unfreeze(A.s1), "ParticipantsMissingRole");
      expect(await P.statusOf(A.s1)).toBe(STATUS.Frozen);
    });

    it("when freezing a frozen account or unfreezing an unfrozen one, then ParticipantsStatusUnchanged", async () => {
      await (await reg().freeze(A.s1)).wait();
      await revertsWith(reg().freeze(A.s1), "ParticipantsStatusUnchanged");
      expect(await revertsWith(reg().unfreeze(A.s2), "ParticipantsStatusUnchanged")).toEqual([A.s2]);
    });

    it("when the account is not registered, then ParticipantsNotRegistered", async () => {
      await revertsWith(reg().freeze(A.outsider), "ParticipantsNotRegistered");
      await revertsWith(reg().unfreeze(A.outsider), "ParticipantsNotRegistered");
    });

    it("when the regulator freezes itself, then ParticipantsSelfLockout", async () => {
      expect(await revertsWith(reg().freeze(A.regulator), "ParticipantsSelfLockout")).toEqual([A.regulator]);
      expect(await P.statusOf(A.regulator)).toBe(STATUS.Active);
    });

    it("when a frozen regulator tries to unfreeze, then ParticipantsNotActive", async () => {
      await (await reg().grantRegulator(A.s5)).wait();
      await (await as(P, a.s5).freeze(A.regulator)).wait();
      expect(await revertsWith(reg().unfreeze(A.regulator), "ParticipantsNotActive")).toEqual([A.regulator, STATUS.Frozen]);
    });
  });

  describe("the regulator's role is the regulator's to give", () => {
    it("when the operator registers an account as regulator, then ParticipantsRegulatorRoleReserved and nothing is recorded", async () => {
      for (const roles of [ROLE.REGULATOR, ROLE.REGULATOR | ROLE.BANK]) {
        expect(await revertsWith(op().register(A.outsider, roles, USCC, KYC), "ParticipantsRegulatorRoleReserved")).toEqual([A.outsider]);
      }
      expect(await P.statusOf(A.outsider)).toBe(STATUS.None);
    });

    it("when the operator grants itself or anyone the regulator's role, then ParticipantsRegulatorRoleReserved and the roles stay", async () => {
      for (const [account, roles] of [[A.operator, ROLE.OPERATOR | ROLE.REGULATOR], [A.s1, ROLE.SUPPLIER | ROLE.REGULATOR]] as const) {
        expect(await revertsWith(op().setRoles(account, roles), "ParticipantsRegulatorRoleReserved")).toEqual([account]);
      }
      expect(await P.isActiveAs(A.operator, ROLE.REGULATOR)).toBe(false);
      expect(await P.isActiveAs(A.s1, ROLE.REGULATOR)).toBe(false);
    });

    it("when the operator strips the regulator of its role, then ParticipantsRegulatorRoleReserved; other roles beside it are the operator's", async () => {
      expect(await revertsWith(op().setRoles(A.regulator, ROLE.SUPPLIER), "ParticipantsRegulatorRoleReserved")).toEqual([A.regulator]);
      await (await op().setRoles(A.regulator, ROLE.REGULATOR | ROLE.SUPPLIER)).wait();
      expect(await P.isActiveAs(A.regulator, ROLE.REGULATOR | ROLE.SUPPLIER)).toBe(true);
    });

    it("when the operator suspends the regulator, then ParticipantsRegulatorRoleReserved and it stays Active", async () => {
      expect(await revertsWith(op().suspend(A.regulator), "ParticipantsRegulatorRoleReserved")).toEqual([A.regulator]);
      await (await reg().grantRegulator(A.s5)).wait();
      expect(await revertsWith(op().suspend(A.s5), "ParticipantsRegulatorRoleReserved")).toEqual([A.s5]);
      expect(await P.statusOf(A.regulator)).toBe(STATUS.Active);
      expect(await P.statusOf(A.s5)).toBe(STATUS.Active);
    });

    it("when the regulator grants and revokes the role, then ParticipantRolesChanged carries the new roles each time", async () => {
      expect(await eventsOf(reg().grantRegulator(A.s5), P)).toEqual([
        { name: "ParticipantRolesChanged", args: [A.s5, BigInt(ROLE.SUPPLIER | ROLE.REGULATOR)] },
      ]);
      expect(await P.isActiveAs(A.s5, ROLE.REGULATOR)).toBe(true);
      expect(await eventsOf(reg().revokeRegulator(A.s5), P)).toEqual([{ name: "ParticipantRolesChanged", args: [A.s5, BigInt(ROLE.SUPPLIER)] }]);
      expect(await P.isActiveAs(A.s5, ROLE.REGULATOR)).toBe(false);
    });

    it("when the grant or revocation would change nothing, then ParticipantsStatusUnchanged", async () => {
      expect(await revertsWith(reg().grantRegulator(A.regulator), "ParticipantsStatusUnchanged")).toEqual([A.regulator]);
      expect(await revertsWith(reg().revokeRegulator(A.s1), "ParticipantsStatusUnchanged")).toEqual([A.s1]);
      await revertsWith(reg().grantRegulator(A.outsider), "ParticipantsNotRegistered");
    });

    it("when the regulator revokes its own role, then ParticipantsSelfLockout; a second regulator may", async () => {
      expect(await revertsWith(reg().revokeRegulator(A.regulator), "ParticipantsSelfLockout")).toEqual([A.regulator]);
      await (await reg().grantRegulator(A.s5)).wait();
      await (await as(P, a.s5).revokeRegulator(A.regulator)).wait();
      expect(await P.isActiveAs(A.regulator, ROLE.REGULATOR)).toBe(false);
    });

    it("when the operator or anyone else grants or revokes the role, then ParticipantsMissingRole", async () => {
      for (const signer of [a.operator, a.bank, a.s1]) {
        const account = await signer.getAddress();
        expect(await revertsWith(as(P, signer).grantRegulator(account), "ParticipantsMissingRole")).toEqual([account, BigInt(ROLE.REGULATOR)]);
        expect(await revertsWith(as(P, signer).revokeRegulator(A.regulator), "ParticipantsMissingRole")).toEqual([account, BigInt(ROLE.REGULATOR)]);
      }
    });
  });

  describe("operator and regulator functions", () => {
    it("when the caller is unregistered, then every operator and regulator function refuses it with ParticipantsNotActive", async () => {
      const c = as(P, a.outsider);
      const calls = [
        () => c.register(A.s5, ROLE.BANK, USCC, KYC), () => c.setRoles(A.s1, ROLE.BANK), () => c.updateKyc(A.s1, KYC2),
        () => c.suspend(A.s1), () => c.reinstate(A.s1), () => c.freeze(A.s1), () => c.unfreeze(A.s1),
        () => c.grantRegulator(A.s1), () => c.revokeRegulator(A.regulator),
      ];
      for (const call of calls) expect(await revertsWith(call(), "ParticipantsNotActive")).toEqual([A.outsider, STATUS.None]);
      expect(await record(A.s1)).toEqual([BigInt(ROLE.SUPPLIER), true, false, false, keccak256(toUtf8Bytes(A.s1)), keccak256("0x01")]);
    });
  });

  describe("suspension and freeze are independent", () => {
    it("when a suspended account is frozen, then Frozen wins, and unfreezing leaves it Suspended", async () => {
      await (await op().suspend(A.s1)).wait();
      await (await reg().freeze(A.s1)).wait();
      expect(await P.statusOf(A.s1)).toBe(STATUS.Frozen);
      const both = await P.participant(A.s1);
      expect([both.suspended, both.frozen]).toEqual([true, true]);
      await (await reg().unfreeze(A.s1)).wait();
      expect(await P.statusOf(A.s1)).toBe(STATUS.Suspended);
      expect(await P.isActiveAs(A.s1, ROLE.SUPPLIER)).toBe(false);
      await (await op().reinstate(A.s1)).wait();
      expect(await P.statusOf(A.s1)).toBe(STATUS.Active);
    });

    it("when a frozen account is suspended and then reinstated, then it stays Frozen", async () => {
      await (await reg().freeze(A.s1)).wait();
      await (await op().suspend(A.s1)).wait();
      expect(await P.statusOf(A.s1)).toBe(STATUS.Frozen);
      await (await op().reinstate(A.s1)).wait();
      expect(await P.statusOf(A.s1)).toBe(STATUS.Frozen);
      const p = await P.participant(A.s1);
      expect([p.suspended, p.frozen]).toEqual([false, true]);
    });
  });

  describe("standing, standingPair and accountAt", () => {
    /** The standing word, unpacked as contracts/libraries/Standing.sol reads it. */
    const unpack = (word: bigint) => ({
      roles: Number(word & 0xffn),
      registered: (word >> 8n) & 0xffn,
      suspended: (word >> 16n) & 0xffn,
      frozen: (word >> 24n) & 0xffn,
      index: (word >> 32n) & 0xffff_ffffn,
    });

    it("when accounts are registered, then each gets the next index from 1, and accountAt maps it back with its standing", async () => {
      // The constructor registers the operator (1) and the regulator (2); the seed registers core, core2, bank,
      // bank2, then s1..s5.
      const order = [A.operator, A.regulator, A.core, A.core2, A.bank, A.bank2, A.s1, A.s2, A.s3, A.s4, A.s5];
      for (const [i, account] of order.entries()) {
        const word = await P.standing(account);
        expect(unpack(word).index).toBe(BigInt(i + 1));
        expect((await P.accountAt(i + 1)).toArray()).toEqual([account, word]);
      }
      await (await op().register(A.outsider, ROLE.BANK, USCC, KYC)).wait();
      expect(unpack(await P.standing(A.outsider))).toEqual({ roles: ROLE.BANK, registered: 1n, suspended: 0n, frozen: 0n, index: 12n });
      expect((await P.accountAt(12)).account).toBe(A.outsider);
    });

    it("when an index or an account was never registered, then zeros: index 0 names no one", async () => {
      expect((await P.accountAt(0)).toArray()).toEqual([ZeroAddress, 0n]);
      expect((await P.accountAt(99)).toArray()).toEqual([ZeroAddress, 0n]);
      expect(await P.standing(A.outsider)).toBe(0n);
    });

    it("when an account is suspended or frozen, then its word says so and keeps its roles and index", async () => {
      const before = unpack(await P.standing(A.s1));
      await (await op().suspend(A.s1)).wait();
      await (await reg().freeze(A.s2)).wait();
      const [s1, s2] = await P.standingPair(A.s1, A.s2);
      expect(unpack(s1)).toEqual({ ...before, suspended: 1n });
      expect(unpack(s2)).toMatchObject({ roles: ROLE.SUPPLIER, registered: 1n, suspended: 0n, frozen: 1n, index: before.index + 1n });
      await (await op().setRoles(A.s3, ROLE.SUPPLIER | ROLE.BANK)).wait();
      expect(unpack(await P.standing(A.s3))).toMatchObject({ roles: ROLE.SUPPLIER | ROLE.BANK, index: before.index + 2n });
    });

    it("when asked for an account's standing and an index's account at once, then each answer is what standing and accountAt give", async () => {
      const bank = await P.standing(A.bank);
      const s1 = await P.standing(A.s1);
      expect((await P.standingAndAccountAt(A.bank, unpack(s1).index)).toArray()).toEqual([bank, A.s1, s1]);
      expect((await P.standingAndAccountAt(A.outsider, 0)).toArray()).toEqual([0n, ZeroAddress, 0n]);
      await (await op().suspend(A.s1)).wait();
      expect((await P.standingAndAccountAt(A.s1, unpack(bank).index)).toArray()).toEqual([await P.standing(A.s1), A.bank, bank]);
    });

    it("when a record's roles or status change, then accountAt reports the same word as standing, each time", async () => {
      const agrees = async (account: string) => {
        const word = await P.standing(account);
        expect((await P.accountAt(unpack(word).index)).toArray()).toEqual([account, word]);
        return unpack(word);
      };
      await (await op().suspend(A.s1)).wait();
      expect(await agrees(A.s1)).toMatchObject({ suspended: 1n });
      await (await op().reinstate(A.s1)).wait();
      expect(await agrees(A.s1)).toMatchObject({ suspended: 0n });
      await (await reg().freeze(A.s2)).wait();
      expect(await agrees(A.s2)).toMatchObject({ frozen: 1n });
      await (await reg().unfreeze(A.s2)).wait();
      expect(await agrees(A.s2)).toMatchObject({ frozen: 0n });
      await (await op().setRoles(A.s3, ROLE.BANK)).wait();
      expect(await agrees(A.s3)).toMatchObject({ roles: ROLE.BANK });
      await (await reg().grantRegulator(A.s4)).wait();
      expect(await agrees(A.s4)).toMatchObject({ roles: ROLE.SUPPLIER | ROLE.REGULATOR });
      await (await reg().revokeRegulator(A.s4)).wait();
      expect(await agrees(A.s4)).toMatchObject({ roles: ROLE.SUPPLIER });
    });
  });

  describe("statusOf / isActiveAs / requireActive", () => {
    it("when an account was never registered, then its status is None and it is active as nothing", async () => {
      expect(await P.statusOf(A.outsider)).toBe(STATUS.None);
      expect(await P.isActiveAs(A.outsider, 0)).toBe(false);
      expect(await revertsWith(P.requireActive(A.outsider, 0), "ParticipantsNotActive")).toEqual([A.outsider, STATUS.None]);
    });

    it("when a role mask has several bits, then the account must hold every one of them", async () => {
      expect(await P.isActiveAs(A.core2, ROLE.CORE | ROLE.SUPPLIER)).toBe(true);
      expect(await P.isActiveAs(A.core, ROLE.CORE | ROLE.SUPPLIER)).toBe(false);
      expect(await P.isActiveAs(A.core, ROLE.CORE)).toBe(true);
      await P.requireActive(A.core2, ROLE.CORE | ROLE.SUPPLIER);
      const args = await revertsWith(P.requireActive(A.core, ROLE.CORE | ROLE.SUPPLIER), "ParticipantsMissingRole");
      expect(args).toEqual([A.core, BigInt(ROLE.CORE | ROLE.SUPPLIER)]);
    });

    it("when a core enterprise is also a supplier, then it can receive another core's voucher and run its own program", async () => {
      const maturity = await cstMidnightIn(30);
      const key = await confirmedInvoice(ledger, a.core2, a.core, 1_000_00n);
      await (await as(ledger.Vouchers, a.core).issue(A.core2, 1_000_00n, maturity, [key])).wait();
      const id = await ledger.Vouchers.lastId();
      expect((await ledger.Vouchers.voucher(id)).owner).toBe(A.core2);
      const rules = { maxDepth: 2, maxTermDays: 90, minSplit: 100n, invoicesRequired: true, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: true };
      await (await as(ledger.CreditPassingRules, a.core2).setRules(rules)).wait();
      expect((await ledger.CreditPassingRules.rulesOf(A.core2)).maxDepth).toBe(2n);
      // A plain supplier cannot do the latter.
      await revertsWith(as(ledger.CreditPassingRules, a.s1).setRules(rules), "ParticipantsMissingRole");
    });
  });
});
