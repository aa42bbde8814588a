import { describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes, ZeroHash, type Contract } from "ethers";
import hre from "hardhat";
import { as, eventsOf, revertsWith, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import { useSeededLedger, type Addresses } from "./fixture";

const ROOT = keccak256(toUtf8Bytes("readings 1..3"));
const ROOT2 = keccak256(toUtf8Bytes("readings 4..9"));

describe("ReadingAnchors", () => {
  let ledger: Ledger;
  let a: Actors;
  let R: Contract;
  let A: Addresses;

  useSeededLedger((s) => {
    ({ ledger, a, A } = s);
    R = ledger.ReadingAnchors;
  });

  const op = () => as(R, a.operator);

  it("when the operator anchors a root, then ReadingsAnchored carries it and anchorOf records its ids, count, time and block", async () => {
    expect(await eventsOf(op().anchor(ROOT, 1n, 3n, 3n), R)).toEqual([{ name: "ReadingsAnchored", args: [A.operator, ROOT, 1n, 3n, 3n] }]);
    const block = await hre.ethers.provider.getBlock("latest");
    expect((await R.anchorOf(ROOT)).toArray()).toEqual([1n, 3n, 3n, BigInt(block!.timestamp), BigInt(block!.number)]);
    // Ids may have gaps: six readings between ids 4 and 11.
    await (await op().anchor(ROOT2, 4n, 11n, 6n)).wait();
    expect(await R.anchors()).toBe(2n);
    expect((await R.anchorOf(keccak256(toUtf8Bytes("never")))).toArray()).toEqual([0n, 0n, 0n, 0n, 0n]);
  });

  it("when the batch is at its bounds, then a single reading and MAX_BATCH readings are accepted", async () => {
    const max = await R.MAX_BATCH();
    expect(max).toBe(65_536n);
    await (await op().anchor(ROOT, 7n, 7n, 1n)).wait();
    await (await op().anchor(ROOT2, 2n ** 64n - max, 2n ** 64n - 1n, max)).wait();
    expect(await R.anchors()).toBe(2n);
  });

  it("when the root is zero, then ReadingAnchorsZeroRoot", async () => {
    expect(await revertsWith(op().anchor(ZeroHash, 1n, 1n, 1n), "ReadingAnchorsZeroRoot")).toEqual([]);
  });

  it("when the batch is empty, too large, reversed or holds more readings than ids, then ReadingAnchorsInvalidBatch", async () => {
    const max = (await R.MAX_BATCH()) as bigint;
    for (const [first, last, count] of [
      [1n, 5n, 0n],
      [1n, 2n ** 40n, max + 1n],
      [5n, 4n, 1n],
      [1n, 3n, 4n],
      [0n, 2n ** 64n - 1n, 0n],
    ]) {
      expect(await revertsWith(op().anchor(ROOT, first, last, count), "ReadingAnchorsInvalidBatch")).toEqual([first, last, count]);
    }
    expect(await R.anchors()).toBe(0n);
  });

  it("when a root is anchored twice, then ReadingAnchorsAlreadyAnchored and the first record stands", async () => {
    await (await op().anchor(ROOT, 1n, 3n, 3n)).wait();
    expect(await revertsWith(op().anchor(ROOT, 4n, 6n, 3n), "ReadingAnchorsAlreadyAnchored")).toEqual([ROOT]);
    expect((await R.anchorOf(ROOT)).firstId).toBe(1n);
  });

  it("when anyone but an active operator anchors, then the participants' error and no event", async () => {
    for (const s of [a.regulator, a.bank, a.core, a.s1]) {
      expect(await revertsWith(as(R, s).anchor(ROOT, 1n, 1n, 1n), "ParticipantsMissingRole")).toEqual([await s.getAddress(), BigInt(ROLE.OPERATOR)]);
    }
    expect(await revertsWith(as(R, a.outsider).anchor(ROOT, 1n, 1n, 1n), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
    await (await as(ledger.Participants, a.operator).register(A.outsider, ROLE.OPERATOR, ROOT, ROOT)).wait();
    await (await as(ledger.Participants, a.outsider).suspend(A.operator)).wait();
    expect(await revertsWith(op().anchor(ROOT, 1n, 1n, 1n), "ParticipantsNotActive")).toEqual([A.operator, 2n]);
    expect(await R.queryFilter(R.filters.ReadingsAnchored())).toEqual([]);
  });
});
