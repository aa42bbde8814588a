import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LedgerEvent } from "../../chain/events";
import { invoiceKey } from "../../chain/invoice-key";
import { bytes32, cstMidnightAfter, DAY, START } from "./support/fixture";
import { gatewayWorld, setClock, type GatewayWorld } from "./support/gateway-fixture";

const MATURITY = cstMidnightAfter(START, 30n);
const maturity = new Date(Number(MATURITY) * 1000);
const LIMIT = 10_000_000_00n;
let w: GatewayWorld;
let invoices = 0;

beforeAll(async () => {
  w = await gatewayWorld();
});
afterAll(async () => {
  await w.close();
});

async function invoice(seller: string, buyer: string, amount: bigint): Promise<string> {
  const key = invoiceKey({ kind: "digital", number: String(++invoices).padStart(20, "0") });
  await w.ledger.invoices.register(seller, { key, buyer, amount, commitment: bytes32(`commitment ${key}`) });
  await w.ledger.invoices.confirm(buyer, key);
  return key;
}

describe("the ledger port on Fabric, through the gateway over gRPC", () => {
  test("a voucher's life: line, invoices, issue, transfer, split, financing, funding, redemption", async () => {
    const { ledger, accounts: a } = w;
    const head0 = (await ledger.history.confirmedHead()).number;
    await ledger.cash.mint(a.cashBank, a.core, 5_000_000_00n, bytes32("deposit core"));
    await ledger.cash.mint(a.cashBank, a.bank, 5_000_000_00n, bytes32("deposit bank"));
    const grant = await ledger.creditLines.grant(a.bank, a.core, LIMIT, new Date(Number(cstMidnightAfter(START, 365n)) * 1000));
    expect(grant.txHash).toMatch(/^[0-9a-f]{64}$/);
    expect(grant.blockNumber).toBeGreaterThan(head0);
    expect(await ledger.creditLines.get(a.bank, a.core)).toEqual({
      bank: a.bank,
      core: a.core,
      limit: LIMIT,
      used: 0n,
      expiry: new Date(Number(cstMidnightAfter(START, 365n)) * 1000),
      open: true,
    });

    const root = (await ledger.vouchers.issue(a.core, { supplier: a.tier1, amount: 1_000_00n, maturity, invoiceKeys: [await invoice(a.tier1, a.core, 1_000_00n)] })).result;
    const piece = (await ledger.vouchers.splitTransfer(a.tier1, { id: root, to: a.tier2, amount: 400_00n, invoiceKeys: [await invoice(a.tier2, a.tier1, 400_00n)] })).result;
    const [small] = (await ledger.vouchers.split(a.tier2, piece, [100_00n])).result;
    expect(await ledger.vouchers.get(piece)).toMatchObject({ owner: a.tier2, value: 300_00n, depth: 2, root, parent: root, debtor: a.core, maturity });
    expect(await ledger.vouchers.get(small)).toMatchObject({ owner: a.tier2, value: 100_00n, parent: piece });
    expect(await ledger.vouchers.get(root)).toMatchObject({ owner: a.tier1, value: 600_00n, depth: 1, financed: false });
    expect(await ledger.vouchers.get(12345n)).toBeUndefined();
    expect(await ledger.vouchers.ids()).toEqual([root, piece, small].sort((x, y) => (x < y ? -1 : 1)));

    const deadline = new Date(Number(START + 5n * DAY) * 1000);
    const rid = (await ledger.financing.request(a.tier2, { voucherId: small, amount: 100_00n, bank: a.bank, rateBps: 365, deadline })).result;
    expect(await ledger.financing.get(rid)).toMatchObject({ id: rid, holder: a.tier2, voucherId: small, bank: a.bank, amount: 100_00n, rateBps: 365, deadline });
    const quote = await ledger.financing.quote({ amount: 100_00n, rateBps: 365, feeBps: 0, maturity, at: new Date(Number(START) * 1000) });
    const executed = (await ledger.financing.execute(a.bank, rid)).result;
    expect(executed).toMatchObject({ days: quote.days, interest: quote.interest, fee: 0n, net: quote.net });
    expect(await ledger.cash.balanceOf(a.tier2)).toBe(quote.net);
    expect(await ledger.creditLines.available(a.bank, a.core)).toBe(LIMIT - 100_00n);

    const funded = (await ledger.settlement.fund(a.core, maturity)).result;
    expect(funded).toBe(1_000_00n);
    expect(await ledger.vouchers.slotAccount(a.core, maturity)).toEqual({ debtor: a.core, maturity, outstanding: 1_000_00n, escrowed: 1_000_00n });
    setClock(MATURITY);
    await ledger.settlement.redeemBatch(a.tier3, [root, piece, executed.pieceId]);
    expect(await ledger.cash.balanceOf(a.tier1)).toBe(600_00n);
    expect(await ledger.cash.balanceOf(a.tier2)).toBe(quote.net + 300_00n);
    expect(await ledger.cash.balanceOf(a.bank)).toBe(5_000_000_00n - quote.net + 100_00n);
    expect(await ledger.vouchers.outstandingOf(a.core)).toBe(0n);
    expect(await ledger.cash.totalSupply()).toBe(10_000_000_00n);

    const head = await ledger.history.confirmedHead();
    const events = await ledger.history.events(head0 + 1, head.number);
    const names = events.map((e) => e.name);
    expect(names.filter((n) => n === "VoucherRedeemed")).toHaveLength(3);
    expect(names.indexOf("VoucherIssued")).toBeLessThan(names.indexOf("VoucherTransferred"));
    const issued = events.find((e): e is Extract<LedgerEvent, { name: "VoucherIssued" }> => e.name === "VoucherIssued");
    expect(issued?.args).toEqual({ id: root, debtor: a.core, holder: a.tier1, amount: 1_000_00n, maturity });
    const slot = events.find((e): e is Extract<LedgerEvent, { name: "SlotFunded" }> => e.name === "SlotFunded");
    expect(slot?.args).toMatchObject({ debtor: a.core, maturity, amount: 1_000_00n, escrowed: 1_000_00n });
    const block = await ledger.history.block(slot!.blockNumber);
    expect(slot!.blockHash).toBe(block.hash);
    expect(block.timestamp).toEqual(new Date(Number(START) * 1000));
  });
});
