import { describe, expect, it } from "vitest";
import hre from "hardhat";
import { keccak256, toUtf8Bytes, ZeroAddress, type Contract, type ContractTransactionReceipt, type ContractTransactionResponse, type Signer } from "ethers";
import { as, cstMidnightIn, increaseTo, issued, LIMIT, revertsWith, type Actors, type Ledger } from "../helpers/ledger";
import { addressOf, useSeededLedger, type Addresses } from "./fixture";

const REF = keccak256(toUtf8Bytes("deposit 2025-0001"));
const SEED_REF = keccak256(toUtf8Bytes("deposit 2025-0000"));

async function receiptOf(tx: Promise<unknown>): Promise<ContractTransactionReceipt> {
  return (await ((await tx) as ContractTransactionResponse).wait())!;
}

function eventsIn(receipt: ContractTransactionReceipt, contract: Contract): { name: string; args: unknown[] }[] {
  const target = addressOf(contract).toLowerCase();
  return receipt.logs
    .filter((l) => l.address.toLowerCase() === target)
    .map((l) => contract.interface.parseLog(l)!)
    .map((e) => ({ name: e.name, args: e.args.toArray(true) }));
}

/** A signer for a contract address, to call a module-only hook as that module. */
async function impersonate(address: string): Promise<Signer> {
  await hre.network.provider.send("hardhat_impersonateAccount", [address]);
  await hre.network.provider.send("hardhat_setBalance", [address, "0xde0b6b3a7640000"]);
  return hre.ethers.getSigner(address);
}

describe("SettlementCash", () => {
  let ledger: Ledger;
  let a: Actors;
  let cash: Contract;
  let A: Addresses;

  useSeededLedger(async (s) => {
    ({ ledger, a, A } = s);
    cash = ledger.SettlementCash;
    await (await as(cash, a.bank).mint(A.s1, 1_000_00n, SEED_REF)).wait(); // s1 holds ¥1,000.00
  });

  const bal = async (who: string) => (await cash.balanceOf(who)) as bigint;
  const suspend = async (who: string) => (await as(ledger.Participants, a.operator).suspend(who)).wait();
  const freeze = async (who: string) => (await as(ledger.Participants, a.regulator).freeze(who)).wait();
  const total = 6n * LIMIT + 1_000_00n;

  describe("metadata", () => {
    it("when read, then it is a 2-decimal CNY token, so one unit is one fen", async () => {
      expect(await cash.decimals()).toBe(2n);
      expect(await cash.name()).toBe("Settlement Cash CNY");
      expect(await cash.symbol()).toBe("CNYS");
      expect(await cash.totalSupply()).toBe(total);
    });
  });

  describe("mint", () => {
    it("when the settlement bank mints to an active participant, then the balance grows and CashMinted carries the reference", async () => {
      const r = await receiptOf(as(cash, a.bank).mint(A.s2, 12_345n, REF));
      expect(eventsIn(r, cash)).toEqual([
        { name: "Transfer", args: [ZeroAddress, A.s2, 12_345n] },
        { name: "CashMinted", args: [A.bank, A.s2, 12_345n, REF] },
      ]);
      expect((await cash.referenceUsed(REF)).toArray()).toEqual([true, false]);
      expect(await bal(A.s2)).toBe(12_345n);
      expect(await cash.totalSupply()).toBe(total + 12_345n);
    });

    it("when the amount is zero, then SettlementCashZeroAmount", async () => {
      await revertsWith(as(cash, a.bank).mint(A.s2, 0n, REF), "SettlementCashZeroAmount");
      expect(await cash.totalSupply()).toBe(total);
    });

    it("when the minter is not an active bank, then it is refused", async () => {
      expect(await revertsWith(as(cash, a.core).mint(A.core, 1n, REF), "ParticipantsMissingRole")).toEqual([A.core, 16n]);
      expect(await revertsWith(as(cash, a.operator).mint(A.s2, 1n, REF), "ParticipantsMissingRole")).toEqual([A.operator, 16n]);
      expect(await revertsWith(as(cash, a.outsider).mint(A.s2, 1n, REF), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await suspend(A.bank);
      expect(await revertsWith(as(cash, a.bank).mint(A.s2, 1n, REF), "ParticipantsNotActive")).toEqual([A.bank, 2n]);
      await freeze(A.bank2);
      expect(await revertsWith(as(cash, a.bank2).mint(A.s2, 1n, REF), "ParticipantsNotActive")).toEqual([A.bank2, 3n]);
      expect(await cash.totalSupply()).toBe(total);
    });

    it("when the recipient is unregistered, suspended or frozen, then it is refused", async () => {
      expect(await revertsWith(as(cash, a.bank).mint(A.outsider, 1n, REF), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await suspend(A.s2);
      expect(await revertsWith(as(cash, a.bank).mint(A.s2, 1n, REF), "ParticipantsNotActive")).toEqual([A.s2, 2n]);
      await freeze(A.s3);
      expect(await revertsWith(as(cash, a.bank).mint(A.s3, 1n, REF), "ParticipantsNotActive")).toEqual([A.s3, 3n]);
      expect(await cash.totalSupply()).toBe(total);
    });

    it("when a bank mints to a ledger module's address, then it is refused, since `to` must be an active participant", async () => {
      const escrow = addressOf(ledger.Settlement);
      expect(await revertsWith(as(cash, a.bank).mint(escrow, 1_00n, REF), "ParticipantsNotActive")).toEqual([escrow, 0n]);
      expect(await bal(escrow)).toBe(0n);
    });
  });

  describe("only the settlement bank, each reference once", () => {
    it("when a bank other than the settlement bank mints or burns, even its own cash, then SettlementCashNotSettlementBank", async () => {
      expect(await revertsWith(as(cash, a.bank2).mint(A.bank2, 1_000_000_00n, REF), "SettlementCashNotSettlementBank")).toEqual([A.bank2]);
      expect(await revertsWith(as(cash, a.bank2).mint(A.s2, 1n, REF), "SettlementCashNotSettlementBank")).toEqual([A.bank2]);
      expect(await revertsWith(as(cash, a.bank2).burn(A.bank2, 1n, REF), "SettlementCashNotSettlementBank")).toEqual([A.bank2]);
      expect(await cash.totalSupply()).toBe(total);
    });

    it("when a deposit reference is used again, then SettlementCashReferenceUsed; a withdrawal may carry it once too", async () => {
      expect(await revertsWith(as(cash, a.bank).mint(A.s2, 1n, SEED_REF), "SettlementCashReferenceUsed")).toEqual([SEED_REF]);
      await (await as(cash, a.bank).burn(A.bank, 1n, SEED_REF)).wait();
      expect(await revertsWith(as(cash, a.bank).burn(A.bank, 1n, SEED_REF), "SettlementCashReferenceUsed")).toEqual([SEED_REF]);
      expect((await cash.referenceUsed(SEED_REF)).toArray()).toEqual([true, true]);
      expect(await cash.totalSupply()).toBe(total - 1n);
    });

    it("when the regulator designates another bank, then SettlementBankDesignated, and only the new bank mints", async () => {
      expect(await cash.settlementBank()).toBe(A.bank);
      const r = await receiptOf(as(cash, a.regulator).designateSettlementBank(A.bank2));
      expect(eventsIn(r, cash)).toEqual([{ name: "SettlementBankDesignated", args: [A.bank2] }]);
      expect(await cash.settlementBank()).toBe(A.bank2);
      await revertsWith(as(cash, a.bank).mint(A.s2, 1n, REF), "SettlementCashNotSettlementBank");
      await (await as(cash, a.bank2).mint(A.s2, 1n, REF)).wait();
      expect(await bal(A.s2)).toBe(1n);
    });

    it("when anyone but the regulator designates, then ParticipantsMissingRole", async () => {
      for (const s of [a.operator, a.bank, a.bank2]) {
        const who = await s.getAddress();
        expect(await revertsWith(as(cash, s).designateSettlementBank(who), "ParticipantsMissingRole")).toEqual([who, 2n]);
      }
      expect(await cash.settlementBank()).toBe(A.bank);
    });

    it("when the designated account is not an active bank, or already the settlement bank, then it is refused", async () => {
      const reg = as(cash, a.regulator);
      expect(await revertsWith(reg.designateSettlementBank(A.s1), "ParticipantsMissingRole")).toEqual([A.s1, 16n]);
      expect(await revertsWith(reg.designateSettlementBank(A.outsider), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await freeze(A.bank2);
      expect(await revertsWith(reg.designateSettlementBank(A.bank2), "ParticipantsNotActive")).toEqual([A.bank2, 3n]);
      expect(await revertsWith(reg.designateSettlementBank(A.bank), "SettlementCashBankUnchanged")).toEqual([A.bank]);
      expect(await cash.settlementBank()).toBe(A.bank);
    });
  });

  describe("burn", () => {
    it("when a bank burns its own cash, then no allowance is needed and CashBurned carries the reference", async () => {
      const before = await bal(A.bank);
      const r = await receiptOf(as(cash, a.bank).burn(A.bank, 500n, REF));
      expect(eventsIn(r, cash)).toEqual([
        { name: "Transfer", args: [A.bank, ZeroAddress, 500n] },
        { name: "CashBurned", args: [A.bank, A.bank, 500n, REF] },
      ]);
      expect(await bal(A.bank)).toBe(before - 500n);
      expect(await cash.totalSupply()).toBe(total - 500n);
    });

    it("when a bank burns a holder's cash within the holder's allowance, then the allowance is spent", async () => {
      await (await as(cash, a.s1).approve(A.bank, 800_00n)).wait();
      const r = await receiptOf(as(cash, a.bank).burn(A.s1, 600_00n, REF));
      expect(eventsIn(r, cash).filter((e) => e.name === "CashBurned")).toEqual([{ name: "CashBurned", args: [A.bank, A.s1, 600_00n, REF] }]);
      expect(await bal(A.s1)).toBe(400_00n);
      expect(await cash.allowance(A.s1, A.bank)).toBe(200_00n);
    });

    it("when the holder's allowance is missing or short, then ERC20InsufficientAllowance and nothing is burnt", async () => {
      expect(await revertsWith(as(cash, a.bank).burn(A.s1, 600_00n, REF), "ERC20InsufficientAllowance")).toEqual([A.bank, 0n, 600_00n]);
      await (await as(cash, a.s1).approve(A.bank, 400_00n)).wait();
      expect(await revertsWith(as(cash, a.bank).burn(A.s1, 600_00n, REF), "ERC20InsufficientAllowance")).toEqual([A.bank, 400_00n, 600_00n]);
      // Another bank burns nothing, allowance or not.
      await (await as(cash, a.s1).approve(A.bank2, 400_00n)).wait();
      await revertsWith(as(cash, a.bank2).burn(A.s1, 1n, REF), "SettlementCashNotSettlementBank");
      expect(await bal(A.s1)).toBe(1_000_00n);
      expect(await cash.allowance(A.s1, A.bank)).toBe(400_00n);
    });

    it("when the balance is short, then ERC20InsufficientBalance", async () => {
      const own = await bal(A.bank);
      expect(await revertsWith(as(cash, a.bank).burn(A.bank, own + 1n, REF), "ERC20InsufficientBalance")).toEqual([A.bank, own, own + 1n]);
      await (await as(cash, a.s1).approve(A.bank, 2_000_00n)).wait();
      expect(await revertsWith(as(cash, a.bank).burn(A.s1, 1_000_01n, REF), "ERC20InsufficientBalance")).toEqual([A.s1, 1_000_00n, 1_000_01n]);
      expect(await cash.totalSupply()).toBe(total);
    });

    it("when the amount is zero, then SettlementCashZeroAmount", async () => {
      await revertsWith(as(cash, a.bank).burn(A.bank, 0n, REF), "SettlementCashZeroAmount");
    });

    it("when the burner is not an active bank, then it is refused", async () => {
      expect(await revertsWith(as(cash, a.core).burn(A.core, 1n, REF), "ParticipantsMissingRole")).toEqual([A.core, 16n]);
      await suspend(A.bank);
      expect(await revertsWith(as(cash, a.bank).burn(A.bank, 1n, REF), "ParticipantsNotActive")).toEqual([A.bank, 2n]);
      expect(await cash.totalSupply()).toBe(total);
    });

    it("when the holder is frozen or suspended, then its cash is not burnt even with an allowance", async () => {
      await (await as(cash, a.s1).approve(A.bank, 1_000_00n)).wait();
      await freeze(A.s1);
      expect(await revertsWith(as(cash, a.bank).burn(A.s1, 1n, REF), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
      await (await as(ledger.Participants, a.regulator).unfreeze(A.s1)).wait();
      await suspend(A.s1);
      expect(await revertsWith(as(cash, a.bank).burn(A.s1, 1n, REF), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      expect(await bal(A.s1)).toBe(1_000_00n);
      expect(await cash.allowance(A.s1, A.bank)).toBe(1_000_00n);
    });
  });

  describe("transfer / transferFrom", () => {
    it("when one active participant pays another, then the cash moves", async () => {
      const r = await receiptOf(as(cash, a.s1).transfer(A.s2, 300_00n));
      expect(eventsIn(r, cash)).toEqual([{ name: "Transfer", args: [A.s1, A.s2, 300_00n] }]);
      expect([await bal(A.s1), await bal(A.s2)]).toEqual([700_00n, 300_00n]);
    });

    it("when the payer is suspended or frozen, then its cash does not move", async () => {
      await suspend(A.s1);
      expect(await revertsWith(as(cash, a.s1).transfer(A.s2, 1n), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await freeze(A.s1);
      expect(await revertsWith(as(cash, a.s1).transfer(A.s2, 1n), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
      expect([await bal(A.s1), await bal(A.s2)]).toEqual([1_000_00n, 0n]);
    });

    it("when a frozen holder that is also suspended is unfrozen, then it still cannot pay until reinstated", async () => {
      await suspend(A.s1);
      await freeze(A.s1);
      await (await as(ledger.Participants, a.regulator).unfreeze(A.s1)).wait();
      expect(await revertsWith(as(cash, a.s1).transfer(A.s2, 1n), "ParticipantsNotActive")).toEqual([A.s1, 2n]);
      await (await as(ledger.Participants, a.operator).reinstate(A.s1)).wait();
      await (await as(cash, a.s1).transfer(A.s2, 1n)).wait();
      expect(await bal(A.s2)).toBe(1n);
    });

    it("when the payee is unregistered, suspended or frozen, then the cash does not move", async () => {
      expect(await revertsWith(as(cash, a.s1).transfer(A.outsider, 1n), "ParticipantsNotActive")).toEqual([A.outsider, 0n]);
      await suspend(A.s2);
      expect(await revertsWith(as(cash, a.s1).transfer(A.s2, 1n), "ParticipantsNotActive")).toEqual([A.s2, 2n]);
      await freeze(A.s3);
      expect(await revertsWith(as(cash, a.s1).transfer(A.s3, 1n), "ParticipantsNotActive")).toEqual([A.s3, 3n]);
      expect(await bal(A.s1)).toBe(1_000_00n);
    });

    it("when the payer's balance is short or the payee is the zero address, then the OpenZeppelin errors apply", async () => {
      expect(await revertsWith(as(cash, a.s1).transfer(A.s2, 1_000_01n), "ERC20InsufficientBalance")).toEqual([A.s1, 1_000_00n, 1_000_01n]);
      expect(await revertsWith(as(cash, a.s1).transfer(ZeroAddress, 1n), "ERC20InvalidReceiver")).toEqual([ZeroAddress]);
      expect(await bal(A.s1)).toBe(1_000_00n);
    });

    it("when a participant sends cash to a ledger module's address, then it is refused, since holders are participants", async () => {
      const escrow = addressOf(ledger.Settlement);
      expect(await revertsWith(as(cash, a.s1).transfer(escrow, 1_00n), "ParticipantsNotActive")).toEqual([escrow, 0n]);
      expect(await bal(escrow)).toBe(0n);
    });

    it("when a spender moves a holder's cash within its allowance, then the allowance is spent; a frozen holder's cash does not move", async () => {
      await (await as(cash, a.s1).approve(A.s2, 500_00n)).wait();
      await (await as(cash, a.s2).transferFrom(A.s1, A.s3, 200_00n)).wait();
      expect([await bal(A.s1), await bal(A.s3), await cash.allowance(A.s1, A.s2)]).toEqual([800_00n, 200_00n, 300_00n]);
      expect(await revertsWith(as(cash, a.s2).transferFrom(A.s1, A.s3, 300_01n), "ERC20InsufficientAllowance")).toEqual([A.s2, 300_00n, 300_01n]);
      await freeze(A.s1);
      expect(await revertsWith(as(cash, a.s2).transferFrom(A.s1, A.s3, 1n), "ParticipantsNotActive")).toEqual([A.s1, 3n]);
      expect([await bal(A.s1), await cash.allowance(A.s1, A.s2)]).toEqual([800_00n, 300_00n]);
    });
  });

  describe("approve", () => {
    it("when a holder approves a spender, then the allowance is set; the zero address cannot be a spender", async () => {
      const r = await receiptOf(as(cash, a.s1).approve(A.bank, 123n));
      expect(eventsIn(r, cash)).toEqual([{ name: "Approval", args: [A.s1, A.bank, 123n] }]);
      expect(await cash.allowance(A.s1, A.bank)).toBe(123n);
      expect(await revertsWith(as(cash, a.s1).approve(ZeroAddress, 1n), "ERC20InvalidSpender")).toEqual([ZeroAddress]);
      expect(await cash.allowance(A.s1, A.bank)).toBe(123n);
    });
  });

  describe("settle", () => {
    it("when anyone but the financing or settlement module calls settle, then SettlementCashUnauthorized and nothing moves", async () => {
      for (const s of [a.outsider, a.s1, a.bank, a.operator]) {
        expect(await revertsWith(as(cash, s).settle(A.s1, A.s2, 1n), "SettlementCashUnauthorized")).toEqual([await s.getAddress()]);
      }
      expect([await bal(A.s1), await bal(A.s2)]).toEqual([1_000_00n, 0n]);
    });

    it("when the financing module executes a request, then it settles the net proceeds from the bank to the holder", async () => {
      const id = await issued(ledger, a.core, a.s2, 1_000_000_00n, await cstMidnightIn(90));
      await (await as(ledger.Financing, a.s2).request(id, 500_000_00n, A.bank, 450, await cstMidnightIn(1))).wait();
      const bankBefore = await bal(A.bank);
      const r = await receiptOf(as(ledger.Financing, a.bank).execute(1n));
      const net = 500_000_00n - 5_625_00n; // 90 days at 4.5%, no platform fee
      expect(eventsIn(r, cash)).toEqual([{ name: "Transfer", args: [A.bank, A.s2, net] }]);
      expect([await bal(A.s2), bankBefore - (await bal(A.bank))]).toEqual([net, net]);
    });

    it("when the settlement module funds and redeems, then cash goes into escrow and out to the holder", async () => {
      const maturity = await cstMidnightIn(30);
      const id = await issued(ledger, a.core, a.s2, 250_00n, maturity);
      const escrow = addressOf(ledger.Settlement);
      const coreBefore = await bal(A.core);
      const funded = await receiptOf(as(ledger.Settlement, a.core).fund(maturity));
      expect(eventsIn(funded, cash)).toEqual([{ name: "Transfer", args: [A.core, escrow, 250_00n] }]);
      expect([coreBefore - (await bal(A.core)), await bal(escrow)]).toEqual([250_00n, 250_00n]);
      await increaseTo(maturity);
      const redeemed = await receiptOf(as(ledger.Settlement, a.outsider).redeem(id));
      expect(eventsIn(redeemed, cash)).toEqual([{ name: "Transfer", args: [escrow, A.s2, 250_00n] }]);
      expect([await bal(escrow), await bal(A.s2)]).toEqual([0n, 250_00n]);
    });

    it("when the payer cannot cover a settlement, then ERC20InsufficientBalance and nothing moves", async () => {
      const maturity = await cstMidnightIn(30);
      await issued(ledger, a.core, a.s2, 250_00n, maturity);
      const all = await bal(A.core);
      await (await as(cash, a.core).transfer(A.s3, all)).wait();
      const args = await revertsWith(as(ledger.Settlement, a.core).fund(maturity), "ERC20InsufficientBalance");
      expect(args).toEqual([A.core, 0n, 250_00n]);
      expect(await bal(addressOf(ledger.Settlement))).toBe(0n);
    });

    it("when a module settles directly, then the cash moves without per-transfer participant look-ups", async () => {
      const fin = as(cash, await impersonate(addressOf(ledger.Financing)));
      const r = await receiptOf(fin.settle(A.s1, A.outsider, 100n));
      expect(eventsIn(r, cash)).toEqual([{ name: "Transfer", args: [A.s1, A.outsider, 100n] }]);
      const st = as(cash, await impersonate(addressOf(ledger.Settlement)));
      expect(await revertsWith(st.settle(A.s1, A.s2, 1_000_00n), "ERC20InsufficientBalance")).toEqual([A.s1, 999_00n, 1_000_00n]);
      expect([await bal(A.s1), await bal(A.outsider)]).toEqual([999_00n, 100n]);
    });
  });
});
