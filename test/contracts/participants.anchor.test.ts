import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, type Contract } from "ethers";
import { as, eventsOf, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";

const STATUS = { None: 0n, Active: 1n, Suspended: 2n, Frozen: 3n } as const;
const HEAD = keccak256(toUtf8Bytes("audit head 1"));
const HEAD2 = keccak256(toUtf8Bytes("audit head 2"));

describe("Participants.anchorAuditLog", () => {
  let ledger: Ledger;
  let a: Actors;
  let P: Contract;
  let A: Addresses;

  useSeededLedger((s) => {
    ({ ledger, a, A } = s);
    P = ledger.Participants;
  });

  const op = () => as(P, a.operator);
  const record = async (account: string) => (await P.participant(account)).toArray() as unknown[];

  it("when the operator anchors a head, then AuditLogAnchored carries the operator, the head and the length, and no record changes", async () => {
    const before = await record(A.operator);
    expect(await eventsOf(op().anchorAuditLog(HEAD, 42n), P)).toEqual([{ name: "AuditLogAnchored", args: [A.operator, HEAD, 42n] }]);
    expect(await eventsOf(op().anchorAuditLog(HEAD2, 2n ** 64n - 1n), P)).toEqual([
      { name: "AuditLogAnchored", args: [A.operator, HEAD2, 2n ** 64n - 1n] },
    ]);
    expect(await record(A.operator)).toEqual(before);
  });

  it("when a regulator, bank, core enterprise or supplier anchors, then ParticipantsMissingRole and no event", async () => {
    for (const s of [a.regulator, a.bank, a.core, a.s1]) {
      const args = await revertsWith(as(P, s).anchorAuditLog(HEAD, 1n), "ParticipantsMissingRole");
      expect(args).toEqual([await s.getAddress(), BigInt(ROLE.OPERATOR)]);
    }
    expect(await P.queryFilter(P.filters.AuditLogAnchored())).toEqual([]);
  });

  it("when an unregistered account anchors, then ParticipantsNotActive with status None", async () => {
    expect(await revertsWith(as(P, a.outsider).anchorAuditLog(HEAD, 1n), "ParticipantsNotActive")).toEqual([A.outsider, STATUS.None]);
  });

  it("when the operator is suspended by a second operator, then it can no longer anchor, and the second one can", async () => {
    await (await op().register(A.outsider, ROLE.OPERATOR, HEAD, HEAD)).wait();
    await (await as(P, a.outsider).suspend(A.operator)).wait();
    expect(await revertsWith(op().anchorAuditLog(HEAD, 1n), "ParticipantsNotActive")).toEqual([A.operator, STATUS.Suspended]);
    expect(await eventsOf(as(P, a.outsider).anchorAuditLog(HEAD, 1n), P)).toEqual([{ name: "AuditLogAnchored", args: [A.outsider, HEAD, 1n] }]);
  });
});
