import { describe, expect, it } from "vitest";
import hre from "hardhat";
import { Interface, type Contract, type ContractTransactionReceipt, type ContractTransactionResponse, type Signer } from "ethers";
import {
  as, confirmedInvoice, cstMidnightIn, DAY, increaseTo, issued, latest, LIMIT, revertsWith, type Actors, type Ledger,
} from "../helpers/ledger";
import { addressOf, useSeededLedger, type Addresses } from "./fixture";

type Events = { name: string; args: unknown[] }[];

async function receiptOf(tx: Promise<unknown>): Promise<ContractTransactionReceipt> {
  return (await ((await tx) as ContractTransactionResponse).wait())!;
}

/** The events `contract` emitted in `receipt`, decoded. */
function eventsIn(receipt: ContractTransactionReceipt, contract: Contract): Events {
  const target = addressOf(contract).toLowerCase();
  return receipt.logs
    .filter((l) => l.address.toLowerCase() === target)
    .map((l) => contract.interface.parseLog(l)!)
    .map((e) => ({ name: e.name, args: e.args.toArray(true) }));
}

/** A signer for a contract address, to call another contract's module-only hooks as that module. */
async function impersonate(address: string): Promise<Signer> {
  await hre.network.provider.send("hardhat_impersonateAccount", [address]);
  await hre.network.provider.send("hardhat_setBalance", [address, "0xde0b6b3a7640000"]);
  return hre.ethers.getSigner(address);
}

const PANIC = new Interface(["error Panic(uint256 code)"]);

/** The panic code a call reverted with (0x11: arithmetic under- or overflow). */
async function panicOf(action: Promise<unknown>): Promise<bigint> {
  try {
    await ((await action) as ContractTransactionResponse).wait();
  } catch (e) {
    const data = (e as { data?: unknown }).data;
    if (typeof data !== "string") throw e;
    return PANIC.parseError(data)!.args[0] as bigint;
  }
  throw new Error("expected a panic, but the call succeeded");
}

describe("CreditLines", () => {
  let ledger: Ledger;
  let a: Actors;
  let C: Contract;
  let A: Addresses;
  let seedExpiry: bigint;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    C = ledger.CreditLines;
    seedExpiry = (await C.creditLine(A.bank, A.core)).expiry as bigint;
  });

  const line = async (bank: string, core: string) => (await C.creditLine(bank, core)).toArray() as unknown[];
  const bankC = () => as(C, a.bank);

  /** s1 holds a fresh voucher of core's and asks `bank` to finance `amount` of it; returns the request id. */
  async function requested(id: bigint, amount: bigint, bank = a.bank): Promise<bigint> {
    const r = await receiptOf(as(ledger.Financing, a.s1).request(id, amount, await bank.getAddress(), 450, await cstMidnightIn(10)));
    return eventsIn(r, ledger.Financing).find((e) => e.name === "FinancingRequested")!.args[0] as bigint;
  }
  const execute = (requestId: bigint, bank = a.bank) => receiptOf(as(ledger.Financing, bank).execute(requestId));

  describe("grant", () => {
    it("when an active bank grants an active core enterprise, then the line is open and CreditLineGranted is emitted", async () => {
      const expiry = (await latest()) + 30 * DAY;
      const events = eventsIn(await receiptOf(bankC().grant(A.core2, 1_000_00n, expiry)), C);
      expect(events).toEqual([{ name: "CreditLineGranted", args: [A.bank, A.core2, 1_000_00n, BigInt(expiry)] }]);
      expect(await line(A.bank, A.core2)).toEqual([1_000_00n, 0n, BigInt(expiry), true]);
      expect(await C.available(A.bank, A.core2)).toBe(1_000_00n);
      expect(await C.openLimitOf(A.core2)).toBe(1_000_00n);
    });

    it("when a line between the same parties is already open, then CreditLinesAlreadyOpen and nothing changes", async () => {
      const before = await line(A.bank, A.core);
      const args = await revertsWith(bankC().grant(A.core, 1n, (await latest()) + DAY), "CreditLinesAlreadyOpen");
      expect(args).toEqual([A.bank, A.core]);
      expect(await line(A.bank, A.core)).toEqual(before);
      expect(await C.openLimitOf(A.core)).toBe(2n * LIMIT);
    });

    it("when the limit is zero, then CreditLinesLimitBelowUsed", async () => {
      expect(await revertsWith(bankC().grant(A.core2, 0n, (await latest()) + DAY), "CreditLinesLimitBelowUsed")).toEqual([0n, 0n]);
      expect((await C.creditLine(A.bank, A.core2)).open).toBe(false);
    });

    it("when the expiry is not in the future, then CreditLinesExpiryInPast", async () => {
      for (const expiry of [await latest(), (await latest()) - 1]) {
        expect(await revertsWith(bankC().grant(A.core2, 1_000n, expiry), "CreditLinesExpiryInPast")).toEqual([BigInt(expiry)]);
      }
      expect(await C.openLimitOf(A.core2)).toBe(0n);
    });

    it("when the grantor is not an active bank, then it is refused", async () => {
      const expiry = (await latest()) + DAY;
      expect(await revertsWith(as(C, a.s1).grant(A.core2, 1_000n, expiry), "ParticipantsMissingRole")).toEqual([A.s1, 16n]);
      expect(await revertsWith(as(C, a.outsider).grant(A.core2, 1_000n, expiry), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await (await as(ledger.Participants, a.operator).suspend(A.bank)).wait();
      expect(await revertsWith(bankC().grant(A.core2, 1_000n, expiry), "ParticipantsNotActive")).toEqual([A.bank, 2n]);
      await (await as(ledger.Participants, a.regulator).freeze(A.bank2)).wait();
      expect(await revertsWith(as(C, a.bank2).grant(A.core2, 1_000n, expiry), "ParticipantsNotActive")).toEqual([A.bank2, 3n]);
      expect(await C.openLimitOf(A.core2)).toBe(0n);
    });

    it("when the grantee is not an active core enterprise, then it is refused", async () => {
      const expiry = (await latest()) + DAY;
      expect(await revertsWith(bankC().grant(A.s1, 1_000n, expiry), "ParticipantsMissingRole")).toEqual([A.s1, 4n]);
      expect(await revertsWith(bankC().grant(A.outsider, 1_000n, expiry), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await (await as(ledger.Participants, a.operator).suspend(A.core2)).wait();
      expect(await revertsWith(bankC().grant(A.core2, 1_000n, expiry), "ParticipantsNotActive")).toEqual([A.core2, 2n]);
      expect(await C.openLimitOf(A.s1)).toBe(0n);
    });

    it("when a closed line with outstanding use is granted again, then the new limit must cover what is still used", async () => {
      const id = await issued(ledger, a.core, a.s1, 1_000_000_00n, await cstMidnightIn(60));
      await execute(await requested(id, 600_000_00n));
      await (await bankC().close(A.core)).wait();
      const expiry = (await latest()) + 100 * DAY;
      expect(await revertsWith(bankC().grant(A.core, 599_999_99n, expiry), "CreditLinesLimitBelowUsed")).toEqual([599_999_99n, 600_000_00n]);
      await (await bankC().grant(A.core, 700_000_00n, expiry)).wait();
      expect(await line(A.bank, A.core)).toEqual([700_000_00n, 600_000_00n, BigInt(expiry), true]);
      expect(await C.available(A.bank, A.core)).toBe(100_000_00n);
    });
  });

  describe("amend", () => {
    it("when the bank amends its open line, then limit and expiry change, the open limit follows and CreditLineAmended is emitted", async () => {
      const expiry = (await latest()) + 10 * DAY;
      const events = eventsIn(await receiptOf(bankC().amend(A.core, LIMIT / 2n, expiry)), C);
      expect(events).toEqual([{ name: "CreditLineAmended", args: [A.bank, A.core, LIMIT / 2n, BigInt(expiry)] }]);
      expect(await line(A.bank, A.core)).toEqual([LIMIT / 2n, 0n, BigInt(expiry), true]);
      expect(await C.openLimitOf(A.core)).toBe(LIMIT + LIMIT / 2n);
    });

    it("when there is no open line, then CreditLinesNotFound", async () => {
      const expiry = (await latest()) + DAY;
      expect(await revertsWith(bankC().amend(A.core2, 1_000n, expiry), "CreditLinesNotFound")).toEqual([A.bank, A.core2]);
      await (await bankC().close(A.core)).wait();
      expect(await revertsWith(bankC().amend(A.core, 1_000n, expiry), "CreditLinesNotFound")).toEqual([A.bank, A.core]);
      expect(await C.openLimitOf(A.core)).toBe(LIMIT);
    });

    it("when the new limit is below what is used, or zero, then CreditLinesLimitBelowUsed; exactly the used amount is allowed", async () => {
      const id = await issued(ledger, a.core, a.s1, 1_000_000_00n, await cstMidnightIn(60));
      await execute(await requested(id, 600_000_00n));
      const before = await line(A.bank, A.core);
      expect(await revertsWith(bankC().amend(A.core, 599_999_99n, seedExpiry), "CreditLinesLimitBelowUsed")).toEqual([599_999_99n, 600_000_00n]);
      expect(await revertsWith(bankC().amend(A.core, 0n, seedExpiry), "CreditLinesLimitBelowUsed")).toEqual([0n, 600_000_00n]);
      expect(await line(A.bank, A.core)).toEqual(before);
      expect(await C.openLimitOf(A.core)).toBe(2n * LIMIT);
      await (await bankC().amend(A.core, 600_000_00n, seedExpiry)).wait();
      expect(await C.available(A.bank, A.core)).toBe(0n);
      expect(await C.openLimitOf(A.core)).toBe(LIMIT + 600_000_00n);
    });

    it("when the new expiry is not in the future, then CreditLinesExpiryInPast and the line stays", async () => {
      const now = await latest();
      expect(await revertsWith(bankC().amend(A.core, LIMIT, now), "CreditLinesExpiryInPast")).toEqual([BigInt(now)]);
      expect((await C.creditLine(A.bank, A.core)).expiry).toBe(seedExpiry);
    });

    it("when the caller is not an active bank, then it is refused", async () => {
      expect(await revertsWith(as(C, a.core).amend(A.core, 1n, seedExpiry), "ParticipantsMissingRole")).toEqual([A.core, 16n]);
      await (await as(ledger.Participants, a.operator).suspend(A.bank)).wait();
      expect(await revertsWith(bankC().amend(A.core, 1n, seedExpiry), "ParticipantsNotActive")).toEqual([A.bank, 2n]);
      expect((await C.creditLine(A.bank, A.core)).limit).toBe(LIMIT);
    });
  });

  describe("close", () => {
    it("when the bank closes its line, then it is closed, counts no more and CreditLineClosed names the bank", async () => {
      const events = eventsIn(await receiptOf(bankC().close(A.core)), C);
      expect(events).toEqual([{ name: "CreditLineClosed", args: [A.bank, A.core, A.bank] }]);
      expect((await C.creditLine(A.bank, A.core)).open).toBe(false);
      expect(await C.available(A.bank, A.core)).toBe(0n);
      expect(await C.openLimitOf(A.core)).toBe(LIMIT);
    });

    it("when there is no open line, then CreditLinesNotFound", async () => {
      expect(await revertsWith(as(C, a.bank2).close(A.core2), "CreditLinesNotFound")).toEqual([A.bank2, A.core2]);
      await (await bankC().close(A.core)).wait();
      expect(await revertsWith(bankC().close(A.core), "CreditLinesNotFound")).toEqual([A.bank, A.core]);
      expect(await C.openLimitOf(A.core)).toBe(LIMIT);
    });

    it("when the caller is not an active bank, then it is refused and the line stays open", async () => {
      expect(await revertsWith(as(C, a.core).close(A.core), "ParticipantsMissingRole")).toEqual([A.core, 16n]);
      await (await as(ledger.Participants, a.regulator).freeze(A.bank)).wait();
      expect(await revertsWith(bankC().close(A.core), "ParticipantsNotActive")).toEqual([A.bank, 3n]);
      expect((await C.creditLine(A.bank, A.core)).open).toBe(true);
    });

    it("when a line with outstanding use is closed, then the use stays and redemption still releases it", async () => {
      const maturity = await cstMidnightIn(60);
      const id = await issued(ledger, a.core, a.s1, 1_000_000_00n, maturity);
      const exec = await execute(await requested(id, 400_000_00n));
      const pieceId = eventsIn(exec, ledger.Financing).find((e) => e.name === "FinancingExecuted")!.args[1] as bigint;
      await (await bankC().close(A.core)).wait();
      expect((await C.creditLine(A.bank, A.core)).used).toBe(400_000_00n);
      await (await as(ledger.Settlement, a.core).fund(maturity)).wait();
      await increaseTo(maturity);
      const redeemed = await receiptOf(as(ledger.Settlement, a.outsider).redeem(pieceId));
      expect(eventsIn(redeemed, C)).toEqual([{ name: "CreditLineReleased", args: [A.bank, A.core, 400_000_00n, 0n] }]);
      expect(await line(A.bank, A.core)).toEqual([LIMIT, 0n, seedExpiry, false]);
    });
  });

  describe("closeExpired", () => {
    it("when the line has not expired yet, then CreditLinesNotExpired, even one second before", async () => {
      await hre.network.provider.send("evm_setNextBlockTimestamp", [Number(seedExpiry) - 1]);
      const args = await revertsWith(as(C, a.outsider).closeExpired(A.bank, A.core), "CreditLinesNotExpired");
      expect(args).toEqual([A.bank, A.core, seedExpiry]);
      expect((await C.creditLine(A.bank, A.core)).open).toBe(true);
    });

    it("when the line has expired, then anyone, even an unregistered account, closes it and the event names them", async () => {
      await increaseTo(Number(seedExpiry));
      expect((await C.creditLine(A.bank, A.core)).open).toBe(true);
      expect(await C.available(A.bank, A.core)).toBe(0n);
      expect(await C.openLimitOf(A.core)).toBe(2n * LIMIT);
      const events = eventsIn(await receiptOf(as(C, a.outsider).closeExpired(A.bank, A.core)), C);
      expect(events).toEqual([{ name: "CreditLineClosed", args: [A.bank, A.core, A.outsider] }]);
      expect(await C.openLimitOf(A.core)).toBe(LIMIT);
    });

    it("when there is no open line, then CreditLinesNotFound", async () => {
      expect(await revertsWith(as(C, a.outsider).closeExpired(A.bank, A.core2), "CreditLinesNotFound")).toEqual([A.bank, A.core2]);
      await increaseTo(Number(seedExpiry));
      await (await as(C, a.outsider).closeExpired(A.bank, A.core)).wait();
      await revertsWith(as(C, a.outsider).closeExpired(A.bank, A.core), "CreditLinesNotFound");
    });

    it("when expired lines are closed, then the core enterprise's issuance is no longer covered", async () => {
      await increaseTo(Number(seedExpiry)); // both lines expire, yet count as cover until closed
      const key = await confirmedInvoice(ledger, a.s1, a.core, 1_000_00n);
      await (await as(ledger.Vouchers, a.core).issue(A.s1, 1_000_00n, await cstMidnightIn(10), [key])).wait();
      await (await as(C, a.outsider).closeExpired(A.bank, A.core)).wait();
      await (await as(C, a.outsider).closeExpired(A.bank2, A.core)).wait();
      const key2 = await confirmedInvoice(ledger, a.s1, a.core, 1_000_00n);
      const args = await revertsWith(as(ledger.Vouchers, a.core).issue(A.s1, 1_000_00n, await cstMidnightIn(10), [key2]), "VouchersIssuanceNotCovered");
      expect(args).toEqual([1_000_00n, 0n, 1_000_00n]);
    });
  });

  describe("use", () => {
    it("when financing executes, then the line is used by the amount and CreditLineUsed carries the new total", async () => {
      const id = await issued(ledger, a.core, a.s1, 1_000_000_00n, await cstMidnightIn(60));
      await execute(await requested(id, 300_000_00n));
      const second = await execute(await requested(id, 200_000_00n));
      expect(eventsIn(second, C)).toEqual([{ name: "CreditLineUsed", args: [A.bank, A.core, 200_000_00n, 500_000_00n] }]);
      expect(await C.available(A.bank, A.core)).toBe(LIMIT - 500_000_00n);
      expect((await C.creditLine(A.bank2, A.core)).used).toBe(0n);
    });

    it("when pending requests together exceed the line, then the execution that would overdraw it fails with CreditLinesExceeded", async () => {
      await (await bankC().amend(A.core, 1_000_000_00n, seedExpiry)).wait();
      const id = await issued(ledger, a.core, a.s1, 2_000_000_00n, await cstMidnightIn(60));
      const r1 = await requested(id, 600_000_00n);
      const r2 = await requested(id, 600_000_00n);
      await execute(r1);
      expect(await revertsWith(as(ledger.Financing, a.bank).execute(r2), "CreditLinesExceeded")).toEqual([A.bank, A.core, 400_000_00n, 600_000_00n]);
      expect((await C.creditLine(A.bank, A.core)).used).toBe(600_000_00n);
      expect((await ledger.Vouchers.voucher(id)).locked).toBe(600_000_00n);
    });

    it("when the line expires between request and execution, then CreditLinesExpired and nothing is used", async () => {
      const expiry = (await latest()) + 2 * DAY;
      await (await bankC().amend(A.core, LIMIT, expiry)).wait();
      const id = await issued(ledger, a.core, a.s1, 1_000_000_00n, await cstMidnightIn(60));
      const r = await requested(id, 100_000_00n);
      await increaseTo(expiry);
      expect(await revertsWith(as(ledger.Financing, a.bank).execute(r), "CreditLinesExpired")).toEqual([A.bank, A.core, BigInt(expiry)]);
      expect((await C.creditLine(A.bank, A.core)).used).toBe(0n);
    });

    it("when the financing module uses a line that does not exist or is short, then NotFound or Exceeded", async () => {
      const fin = as(C, await impersonate(addressOf(ledger.Financing)));
      await revertsWith(fin.use(A.bank, A.core2, 1n), "CreditLinesNotFound");
      expect(await revertsWith(fin.use(A.bank, A.core, LIMIT + 1n), "CreditLinesExceeded")).toEqual([A.bank, A.core, LIMIT, LIMIT + 1n]);
      await (await fin.use(A.bank, A.core, LIMIT)).wait();
      expect(await C.available(A.bank, A.core)).toBe(0n);
    });

    it("when anyone but the financing module calls use, then CreditLinesUnauthorized", async () => {
      const settlement = await impersonate(addressOf(ledger.Settlement));
      for (const s of [a.outsider, a.bank, a.core, settlement]) {
        expect(await revertsWith(as(C, s).use(A.bank, A.core, 1n), "CreditLinesUnauthorized")).toEqual([await s.getAddress()]);
      }
      expect((await C.creditLine(A.bank, A.core)).used).toBe(0n);
    });
  });

  describe("release", () => {
    it("when the settlement module releases, then used falls and CreditLineReleased carries the new total", async () => {
      const fin = as(C, await impersonate(addressOf(ledger.Financing)));
      await (await fin.use(A.bank, A.core, 500n)).wait();
      const st = as(C, await impersonate(addressOf(ledger.Settlement)));
      expect(eventsIn(await receiptOf(st.release(A.bank, A.core, 200n)), C)).toEqual([
        { name: "CreditLineReleased", args: [A.bank, A.core, 200n, 300n] },
      ]);
      expect((await C.creditLine(A.bank, A.core)).used).toBe(300n);
    });

    it("when more is released than was used, then it reverts with an arithmetic panic and used stays", async () => {
      const fin = as(C, await impersonate(addressOf(ledger.Financing)));
      await (await fin.use(A.bank, A.core, 500n)).wait();
      const st = as(C, await impersonate(addressOf(ledger.Settlement)));
      expect(await panicOf(st.release(A.bank, A.core, 501n))).toBe(0x11n);
      expect((await C.creditLine(A.bank, A.core)).used).toBe(500n);
    });

    it("when anyone but the settlement module calls release, then CreditLinesUnauthorized", async () => {
      const fin = as(C, await impersonate(addressOf(ledger.Financing)));
      await (await fin.use(A.bank, A.core, 500n)).wait();
      for (const c of [fin, as(C, a.outsider), as(C, a.bank)]) await revertsWith(c.release(A.bank, A.core, 500n), "CreditLinesUnauthorized");
      expect((await C.creditLine(A.bank, A.core)).used).toBe(500n);
    });
  });

  describe("requireAvailable / available", () => {
    it("when the amount fits, then requireAvailable passes; beyond it, CreditLinesExceeded with what is left", async () => {
      await C.requireAvailable(A.bank, A.core, LIMIT);
      await C.requireAvailable(A.bank, A.core, 0n);
      expect(await revertsWith(C.requireAvailable(A.bank, A.core, LIMIT + 1n), "CreditLinesExceeded")).toEqual([A.bank, A.core, LIMIT, LIMIT + 1n]);
    });

    it("when the line is missing, closed or expired, then requireAvailable refuses and available is zero", async () => {
      expect(await C.available(A.bank, A.core2)).toBe(0n);
      await revertsWith(C.requireAvailable(A.bank, A.core2, 1n), "CreditLinesNotFound");
      await (await as(C, a.bank2).close(A.core)).wait();
      await revertsWith(C.requireAvailable(A.bank2, A.core, 1n), "CreditLinesNotFound");
      expect(await C.available(A.bank2, A.core)).toBe(0n);
      await increaseTo(Number(seedExpiry));
      expect(await revertsWith(C.requireAvailable(A.bank, A.core, 1n), "CreditLinesExpired")).toEqual([A.bank, A.core, seedExpiry]);
      expect(await C.available(A.bank, A.core)).toBe(0n);
    });
  });

  describe("openLimitOf", () => {
    it("when lines are granted, amended and closed, then the open limit is the running sum of open limits", async () => {
      const soon = (await latest()) + 5 * DAY;
      const later = (await latest()) + 50 * DAY;
      expect(await C.openLimitOf(A.core2)).toBe(0n);
      await (await bankC().grant(A.core2, 100_00n, soon)).wait();
      await (await as(C, a.bank2).grant(A.core2, 50_00n, later)).wait();
      expect(await C.openLimitOf(A.core2)).toBe(150_00n);
      await (await bankC().amend(A.core2, 70_00n, soon)).wait();
      expect(await C.openLimitOf(A.core2)).toBe(120_00n);
      await (await as(C, a.bank2).close(A.core2)).wait();
      expect(await C.openLimitOf(A.core2)).toBe(70_00n);
      await increaseTo(soon);
      await (await as(C, a.s3).closeExpired(A.bank, A.core2)).wait();
      expect(await C.openLimitOf(A.core2)).toBe(0n);
      await (await as(C, a.bank2).grant(A.core2, 30_00n, later)).wait();
      expect(await C.openLimitOf(A.core2)).toBe(30_00n);
      expect(await C.openLimitOf(A.core)).toBe(2n * LIMIT);
    });
  });
});
