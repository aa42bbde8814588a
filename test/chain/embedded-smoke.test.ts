import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes } from "ethers";
import { connectLedger } from "../../chain/connect";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { invoiceKey } from "../../chain/invoice-key";

const dir = mkdtempSync(path.join(tmpdir(), "scf-chain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded chain smoke", () => {
  it("deploys, issues, restarts and replays to the same head", async () => {
    const keys = new StaticKeyRing();
    const acc = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
    const core = keys.create();
    const s1 = keys.create();
    const bank = keys.create();
    const first = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    const l = first.ledger;
    const h = keccak256(toUtf8Bytes("x"));
    await l.participants.register(acc.operator, { account: core, roles: ["core"], usccHash: h, kycHash: h });
    await l.participants.register(acc.operator, { account: s1, roles: ["supplier"], usccHash: h, kycHash: h });
    await l.participants.register(acc.operator, { account: bank, roles: ["bank"], usccHash: h, kycHash: h });
    await l.cash.designateSettlementBank(acc.regulator, bank);
    const now = await l.clock.now();
    await l.creditLines.grant(bank, core, 1_000_000_00n, new Date(now.getTime() + 300 * 86400_000));
    const key = invoiceKey({ kind: "digital", number: "12345678901234567890" });
    await l.invoices.register(s1, { key, buyer: core, amount: 500_00n, commitment: h });
    await l.invoices.confirm(core, key);
    const day = Math.floor((now.getTime() / 1000 + 8 * 3600) / 86400) + 30;
    const maturity = new Date((day * 86400 - 8 * 3600) * 1000);
    const issued = await l.vouchers.issue(core, { supplier: s1, amount: 500_00n, maturity, invoiceKeys: [key] });
    expect(issued.result).toBe(1n);
    const concurrently = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => l.cash.mint(bank, s1, BigInt(i + 1), keccak256(toUtf8Bytes(`deposit ${i}`)))),
    );
    expect(concurrently.filter((r) => r.status === "rejected")).toEqual([]);
    const head = await l.history.confirmedHead();
    const events = await l.history.events(0, head.number);
    expect(events.some((e) => e.name === "VoucherIssued")).toBe(true);
    await l.close();

    const second = await connectLedger({ mode: "embedded", dataDir: dir }, keys, acc);
    expect(second.deployedNow).toBe(false);
    const head2 = await second.ledger.history.confirmedHead();
    expect(head2.hash).toBe(head.hash);
    expect(await second.ledger.cash.balanceOf(s1)).toBe(BigInt((50 * 51) / 2));
    expect(second.replay!.replayedBlocks).toBeGreaterThan(0);
    await second.ledger.close();
  });
});
