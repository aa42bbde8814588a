import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Transaction, Wallet, keccak256, toUtf8Bytes } from "ethers";
import { connectLedger, type Connected } from "../../chain/connect";
import { ChainError } from "../../chain/errors";
import { RemoteTransport } from "../../chain/evm/remote-transport";
import { HttpRpc } from "../../chain/evm/rpc";
import type { Account, Ledger } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { HARDHAT_0, rawRpc, startHardhatNode, type HardhatNode } from "../helpers/hardhat-node";
import { ifOpened } from "../helpers/teardown";

const DAY = 86_400;
const h = (s: string) => keccak256(toUtf8Bytes(s));

const dir = mkdtempSync(path.join(tmpdir(), "scf-external-"));
const keys = new StaticKeyRing();
const acc = { deployer: keys.add(HARDHAT_0), operator: keys.create(), regulator: keys.create() };
const [core, bank, s1, broke] = [keys.create(), keys.create(), keys.create(), keys.create()] as Account[];
let node: HardhatNode;
let rpcUrl: string;
let first: Connected;
let l: Ledger;

/** A JSON-RPC call of our own, independent of the code under test. */
const rpc = <T>(method: string, params: unknown[] = []): Promise<T> => rawRpc<T>(rpcUrl, method, params);
const ethBalance = async (a: Account) => BigInt(await rpc<string>("eth_getBalance", [a, "latest"]));
const nonceOf = async (a: Account) => Number(await rpc<string>("eth_getTransactionCount", [a, "latest"]));
const blockNumber = async () => Number(await rpc<string>("eth_blockNumber"));

beforeAll(async () => {
  node = await startHardhatNode();
  rpcUrl = node.url;
  first = await connectLedger({ mode: "external", rpcUrl, dataDir: dir }, keys, acc);
  l = first.ledger;
});

afterAll(async () => {
  await ifOpened(l)?.close();
  await ifOpened(node)?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function cstMidnightIn(days: number): Promise<Date> {
  const now = (await l.clock.now()).getTime() / 1000;
  return new Date(((Math.floor((now + 8 * 3600) / DAY) + days) * DAY - 8 * 3600) * 1000);
}

describe("the ledger port over JSON-RPC to a separate `hardhat node`", () => {
  it("when connecting for the first time, then the suite is deployed and recorded, and the clock cannot travel", async () => {
    expect(first.deployedNow).toBe(true);
    expect(first.replay).toBeUndefined();
    expect(first.deployment.deployer).toBe(acc.deployer);
    expect(existsSync(path.join(dir, "chain", "deployment.json"))).toBe(true);
    for (const address of Object.values(first.deployment.addresses)) expect(await rpc<string>("eth_getCode", [address, "latest"])).not.toBe("0x");
    expect(l.chainId).toBe(31337n);
    expect(l.clock.canTravel).toBe(false);
    await expect(l.clock.advance(DAY)).rejects.toThrow();
  });

  it("when ensureGas is called for new accounts, then each gets ether from the deployer, once", async () => {
    for (const a of [acc.operator, acc.regulator, core, bank, s1]) expect(await ethBalance(a)).toBe(0n);
    await Promise.all([acc.operator, acc.regulator, core, bank, s1].map((a) => l.ensureGas(a)));
    for (const a of [acc.operator, acc.regulator, core, bank, s1]) expect(await ethBalance(a)).toBeGreaterThan(0n);
    const sent = await nonceOf(acc.deployer);
    await l.ensureGas(core);
    expect(await nonceOf(acc.deployer)).toBe(sent);
  });

  it("when the operator registers, the bank grants, invoices back an issue, then reads show it", async () => {
    await Promise.all([
      [core, ["core"]],
      [bank, ["bank"]],
      [s1, ["supplier"]],
    ].map(([a, r]) => l.participants.register(acc.operator, { account: a as Account, roles: r as ["core"], usccHash: h(a as string), kycHash: h("kyc") })));
    expect(await l.participants.get(bank)).toMatchObject({ roles: ["bank"], status: "active" });
    await l.cash.designateSettlementBank(acc.regulator, bank);
    const maturity = await cstMidnightIn(30);
    await l.creditLines.grant(bank, core, 10_000_000n, new Date(maturity.getTime() + 30 * DAY * 1000));
    expect(await l.creditLines.available(bank, core)).toBe(10_000_000n);
    await l.invoices.register(s1, { key: h("inv-1"), buyer: core, amount: 400_000n, commitment: h("c") });
    await l.invoices.confirm(core, h("inv-1"));
    const issued = await l.vouchers.issue(core, { supplier: s1, amount: 400_000n, maturity, invoiceKeys: [h("inv-1")] });
    expect(issued.result).toBe(1n);
    expect(await l.vouchers.get(1n)).toMatchObject({ owner: s1, value: 400_000n, debtor: core, maturity, depth: 1 });
  });

  it("when one bank sends 50 cash mints at once, then all land with consecutive nonces and no nonce error", async () => {
    const n0 = await nonceOf(bank);
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => l.cash.mint(bank, s1, BigInt(i + 1), h(`m${i}`))));
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    expect(new Set(settled.map((s) => (s.status === "fulfilled" ? s.value.txHash : ""))).size).toBe(50);
    expect(await nonceOf(bank)).toBe(n0 + 50);
    expect(await l.cash.balanceOf(s1)).toBe(1275n);
  });

  it("when a call would revert, then the estimate refuses it with a decoded ChainError and nothing is sent", async () => {
    const [n0, c0, b0] = [await nonceOf(s1), await nonceOf(core), await blockNumber()];
    const e = await l.invoices.register(s1, { key: h("inv-1"), buyer: core, amount: 1n, commitment: h("c") }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChainError);
    expect(e).toMatchObject({ code: "INVOICE_DUPLICATE", retryable: false, revert: { name: "InvoicesAlreadyRegistered", args: { key: h("inv-1") } } });
    const odd = new Date((await cstMidnightIn(10)).getTime() + 3600_000);
    const bad = await l.vouchers.issue(core, { supplier: s1, amount: 1n, maturity: odd, invoiceKeys: [] }).catch((x: unknown) => x as ChainError);
    expect(bad).toMatchObject({ code: "VOUCHER_INVALID_MATURITY", revert: { args: { maturity: odd, maxTermDays: 180 } } });
    expect([await nonceOf(s1), await nonceOf(core), await blockNumber()]).toEqual([n0, c0, b0]);
    await l.cash.approve(s1, bank, 1n); // the nonce was not burnt: the next one lands
    expect(await nonceOf(s1)).toBe(n0 + 1);
  });

  it("when two burns race and the loser reverts on chain, then its failure is decoded over HTTP too", async () => {
    await l.cash.mint(bank, bank, 1_000n, h("vault"));
    const raced = await Promise.allSettled([l.cash.burn(bank, bank, 999n, h("b1")), l.cash.burn(bank, bank, 999n, h("b2"))]);
    const lost = raced.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ChainError);
    expect(lost[0]).toMatchObject({ code: "CASH_INSUFFICIENT_BALANCE", revert: { args: { sender: bank, balance: 1n, needed: 999n } } });
    expect(await l.cash.balanceOf(bank)).toBe(1n);
  });

  it("when history is read over HTTP, then events come back typed and in order", async () => {
    const head = await l.history.confirmedHead();
    expect(head.number).toBe(await blockNumber());
    const all = await l.history.events(0, head.number);
    const issued = all.find((e) => e.name === "VoucherIssued");
    expect(issued?.name === "VoucherIssued" && issued.args).toEqual({ id: 1n, debtor: core, holder: s1, amount: 400_000n, maturity: expect.any(Date) as unknown });
    expect(all.filter((e) => e.name === "CashMinted" && e.args.bank === bank && e.args.to === s1)).toHaveLength(50);
    expect(all.filter((e) => e.name === "CashTransfer")).toHaveLength(52);
    const grant = all.find((e) => e.name === "CreditLineGranted");
    expect(grant?.name === "CreditLineGranted" && grant.args.expiry instanceof Date && grant.args.limit).toBe(10_000_000n);
    const order = all.map((e) => [e.blockNumber, e.logIndex] as const);
    expect(order.every(([b, i], k) => k === 0 || b > order[k - 1][0] || (b === order[k - 1][0] && i > order[k - 1][1]))).toBe(true);
  });

  it("when an account without gas money transacts on a gas-charging node, then the port throws a ChainError", async () => {
    await l.ensureGas(acc.operator);
    await l.participants.register(acc.operator, { account: broke, roles: ["supplier"], usccHash: h("broke"), kycHash: h("kyc") });
    const e = await l.invoices.register(broke, { key: h("inv-2"), buyer: core, amount: 1n, commitment: h("c") }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChainError);
    await l.ensureGas(broke);
    await l.invoices.register(broke, { key: h("inv-2"), buyer: core, amount: 1n, commitment: h("c") });
    expect((await l.invoices.get(h("inv-2")))?.seller).toBe(broke);
  });

  it("when a second ledger connects to the same node and data directory, then it reuses the deployment", async () => {
    const second = await connectLedger({ mode: "external", rpcUrl, dataDir: dir }, keys, acc);
    try {
      expect(second.deployedNow).toBe(false);
      expect(second.deployment.addresses).toEqual(first.deployment.addresses);
      expect(await second.ledger.vouchers.get(1n)).toMatchObject({ owner: s1, value: 400_000n });
      await second.ledger.cash.mint(bank, s1, 1n, h("second")); // its own nonce manager reads the chain's count
      expect(await l.cash.balanceOf(s1)).toBe(1276n);
    } finally {
      await second.ledger.close();
    }
  });

  it("when a transaction is not mined in time, then the same signed bytes are sent again and it lands exactly once", async () => {
    const transport = new RemoteTransport(new HttpRpc(rpcUrl), { confirmations: 0, pollMs: 50, resendAfterMs: 300, maxResends: 10 });
    const sender = new Wallet(HARDHAT_0);
    const before = await nonceOf(sender.address);
    const raw = await sender.signTransaction({
      type: 0,
      chainId: 31337n,
      nonce: before,
      to: broke,
      value: 1n,
      gasLimit: 21_000n,
      gasPrice: BigInt(await rpc<string>("eth_gasPrice")) * 2n,
    });
    const hash = Transaction.from(raw).hash!;
    await rpc("evm_setAutomine", [false]);
    try {
      await transport.broadcast(raw, hash);
      // The node loses it, as a node that restarted would: only a resend of the same bytes brings it back.
      await rpc("hardhat_dropTransaction", [hash]);
      const mined = transport.awaitReceipt(raw, hash);
      await new Promise((r) => setTimeout(r, 800));
      await rpc("evm_mine");
      const receipt = await mined;
      expect(receipt.transactionHash).toBe(hash);
      expect(receipt.status).toBe("0x1");
      expect(await nonceOf(sender.address)).toBe(before + 1);
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
  });

  it("when confirmations are configured, then the indexer's head lags by them and a write resolves only once buried", async () => {
    const confirmed = await connectLedger({ mode: "external", rpcUrl, dataDir: dir, confirmations: 2 }, keys, acc);
    try {
      const head = await blockNumber();
      expect((await confirmed.ledger.history.confirmedHead()).number).toBe(head - 2);
      let settled = false;
      const write = confirmed.ledger.cash.mint(bank, s1, 1n, h("buried")).then((r) => ((settled = true), r));
      await new Promise((r) => setTimeout(r, 1_000));
      expect(settled).toBe(false); // mined at once by the automining node, but not yet under two blocks
      await rpc("evm_mine");
      await rpc("evm_mine");
      const receipt = await write;
      expect((await blockNumber()) - receipt.blockNumber).toBeGreaterThanOrEqual(2);
    } finally {
      await confirmed.ledger.close();
    }
  });
});
