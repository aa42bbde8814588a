import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes } from "ethers";
import { connectLedger, type Connected } from "../../chain/connect";
import { cstMidnightAfter } from "../../chain/cst-day";
import { BlockLogCorruptError, encodeRecord, FRAME_BYTES, type BlockRecord, type LogHeader, type LogRecord } from "../../chain/embedded/block-log";
import { ChainError } from "../../chain/errors";
import type { Account, Ledger, Receipt, Voucher } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { SUITE } from "../../chain/evm/suite";
import { cstMidnightIn } from "../helpers/ledger-story";
import { ignore } from "../helpers/quiet";

const root = mkdtempSync(path.join(tmpdir(), "scf-embedded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => path.join(root, `d${(dirs += 1)}`);

const DAY = 86_400;
const h = (s: string) => keccak256(toUtf8Bytes(s));
const keys = new StaticKeyRing();
const acc = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
const bank = keys.create();
const core = keys.create();
const suppliers = Array.from({ length: 20 }, () => keys.create());

function connect(dataDir: string, warnings: string[] = []): Promise<Connected> {
  return connectLedger({ mode: "embedded", dataDir }, keys, acc, (m) => warnings.push(m));
}
const logFile = (dataDir: string) => path.join(dataDir, "chain", "blocks.log");

/** The log's records, read without BlockLog (which would repair the file). */
function readLog(dataDir: string): { records: LogRecord[]; ends: number[] } {
  const buf = readFileSync(logFile(dataDir));
  const records: LogRecord[] = [];
  const ends: number[] = [];
  for (let at = 0; at + FRAME_BYTES <= buf.length; ) {
    const len = buf.readUInt32BE(at);
    if (len === 0 || at + FRAME_BYTES + len > buf.length) break;
    records.push(JSON.parse(buf.subarray(at + FRAME_BYTES, at + FRAME_BYTES + len).toString("utf8")) as LogRecord);
    ends.push((at += FRAME_BYTES + len));
  }
  return { records, ends };
}
const blocksOf = (dataDir: string) => readLog(dataDir).records.filter((r): r is BlockRecord => r.kind === "block");
const rewrite = (dataDir: string, records: LogRecord[]) =>
  writeFileSync(logFile(dataDir), Buffer.concat(records.map((r) => encodeRecord(r))));

function register(l: Ledger, accounts: Account[], roles: ("core" | "bank" | "supplier")[][]): Promise<Receipt>[] {
  return accounts.map((a, i) => l.participants.register(acc.operator, { account: a, roles: roles[i], usccHash: h(a), kycHash: h(`kyc${a}`) }));
}

async function snapshot(l: Ledger) {
  const head = await l.history.confirmedHead();
  const balances = await Promise.all([bank, core, ...suppliers].map((a) => l.cash.balanceOf(a)));
  const last = await l.vouchers.lastId();
  const vouchers: (Voucher | undefined)[] = [];
  for (let id = 1n; id <= last; id += 1n) vouchers.push(await l.vouchers.get(id));
  return { head, balances, supply: await l.cash.totalSupply(), vouchers, outstanding: await l.vouchers.outstandingOf(core) };
}

describe("when 500+ ledger transactions, many concurrent, are replayed after a restart", () => {
  const dir = freshDir();
  const receipts: Receipt<unknown>[] = [];
  let before: Awaited<ReturnType<typeof snapshot>>;
  const track = async <T,>(ps: Promise<Receipt<T>>[]) => {
    const rs = await Promise.all(ps);
    receipts.push(...rs);
    return rs;
  };

  beforeAll(async () => {
    const { ledger: l } = await connect(dir);
    await track(register(l, [core, bank, ...suppliers], [["core"], ["bank"], ...suppliers.map(() => ["supplier" as const])]));
    await track([l.cash.designateSettlementBank(acc.regulator, bank)]);
    const maturity = await cstMidnightIn(l, 60);
    await track([l.creditLines.grant(bank, core, 10n ** 12n, new Date(maturity.getTime() + 30 * DAY * 1000))]);
    const tier1 = suppliers.map((_, i) => h(`tier1-${i}`));
    await track(suppliers.map((s, i) => l.invoices.register(s, { key: tier1[i], buyer: core, amount: 1_000_000n, commitment: h(`c${i}`) })));
    await track(tier1.map((k) => l.invoices.confirm(core, k)));
    const roots = (await track(suppliers.map((s, i) => l.vouchers.issue(core, { supplier: s, amount: 1_000_000n, maturity, invoiceKeys: [tier1[i]] })))).map((r) => r.result);
    const next = (i: number) => suppliers[(i + 1) % suppliers.length];
    const tier2 = suppliers.map((_, i) => h(`tier2-${i}`));
    await track(suppliers.map((s, i) => l.invoices.register(next(i), { key: tier2[i], buyer: s, amount: 100_000n, commitment: h(`d${i}`) })));
    await track(suppliers.map((s, i) => l.invoices.confirm(s, tier2[i])));
    const transfers = suppliers.flatMap((s, i) =>
      Array.from({ length: 10 }, () => l.vouchers.splitTransfer(s, { id: roots[i], to: next(i), amount: 10_000n, invoiceKeys: [tier2[i]] })),
    );
    const mints = Array.from({ length: 180 }, (_, j) => l.cash.mint(bank, suppliers[j % 20], BigInt(1000 + j), h(`dep${j}`)));
    await track<unknown>([...transfers, ...mints, l.cash.mint(bank, bank, 10_000_000n, h("vault"))]);
    await track(suppliers.map((s, i) => l.vouchers.split(s, roots[i], [1_000n, 2_000n])));
    const deadline = new Date(Date.now() + 10 * DAY * 1000);
    const requests = await track(suppliers.slice(0, 5).map((s, i) => l.financing.request(s, { voucherId: roots[i], amount: 50_000n, bank, rateBps: 500, deadline })));
    await track(requests.map((r) => l.financing.execute(bank, r.result)));
    before = await snapshot(l);
    await l.close();
  });

  it("then the chain has the same head hash, cash balances and voucher values", async () => {
    expect(receipts.length).toBeGreaterThanOrEqual(500);
    expect(new Set(receipts.map((r) => r.blockNumber)).size).toBeLessThan(receipts.length / 2);
    expect(before.vouchers.length).toBe(20 + 200 + 40 + 5);
    const { ledger: l, replay, deployedNow } = await connect(dir);
    try {
      expect(deployedNow).toBe(false);
      expect(replay!.tornBytes).toBe(0);
      expect(replay!.replayedTxs).toBe(receipts.length + SUITE.length); // + the suite's deployment
      expect(replay!.replayedBlocks).toBe(before.head.number);
      const after = await snapshot(l);
      expect(after.head).toEqual(before.head);
      expect(after).toEqual(before);
      expect(after.vouchers[0]!.value).toBe(1_000_000n - 100_000n - 3_000n - 50_000n);
    } finally {
      await l.close();
    }
  });
});

describe("when the block log is torn or damaged", () => {
  const fixture = freshDir();
  const s1 = suppliers[0];
  beforeAll(async () => {
    const { ledger: l } = await connect(fixture);
    await Promise.all(register(l, [bank, s1], [["bank"], ["supplier"]]));
    await l.cash.designateSettlementBank(acc.regulator, bank);
    for (const amount of [1n, 10n, 100n]) await l.cash.mint(bank, s1, amount, h(`m${amount}`));
    await l.close();
  });
  const copy = () => {
    const d = freshDir();
    cpSync(fixture, d, { recursive: true });
    return d;
  };

  it("then a final record cut short is dropped with a warning and the head is the block before it", async () => {
    const d = copy();
    const { ends } = readLog(d);
    const blocks = blocksOf(d);
    const [prev, last] = blocks.slice(-2) as [BlockRecord, BlockRecord];
    truncateSync(logFile(d), ends.at(-1)! - 7);
    const warnings: string[] = [];
    const { ledger: l, replay } = await connect(d, warnings);
    expect(replay!.tornBytes).toBe(ends.at(-1)! - ends.at(-2)! - 7);
    expect(warnings.join("\n")).toMatch(/torn/);
    expect(statSync(logFile(d)).size).toBe(ends.at(-2));
    expect(await l.history.confirmedHead()).toMatchObject({ number: prev.number, hash: prev.hash });
    expect(await l.cash.balanceOf(s1)).toBe(11n); // the 100 fen mint was in the torn block
    const again = await l.cash.mint(bank, s1, 1000n, h("after"));
    expect(again.blockNumber).toBe(last.number);
    await l.close();
    const reopened = await connect(d);
    expect(reopened.replay!.tornBytes).toBe(0);
    expect(await reopened.ledger.cash.balanceOf(s1)).toBe(1011n);
    await reopened.ledger.close();
  });

  it("then part of a valid record appended by an interrupted write is dropped and the head is unchanged", async () => {
    const d = copy();
    const last = blocksOf(d).at(-1)!;
    const frame = encodeRecord({ ...last, number: last.number + 1, hash: `0x${"12".repeat(32)}` });
    appendFileSync(logFile(d), frame.subarray(0, frame.length - 10));
    const warnings: string[] = [];
    const { ledger: l, replay } = await connect(d, warnings);
    expect(replay!.tornBytes).toBe(frame.length - 10);
    expect(warnings).toHaveLength(1);
    expect(await l.history.confirmedHead()).toMatchObject({ number: last.number, hash: last.hash });
    expect(await l.cash.balanceOf(s1)).toBe(111n);
    await l.close();
  });

  it("then a changed byte in a middle record stops start-up with BlockLogCorruptError", async () => {
    const d = copy();
    const { ends } = readLog(d);
    const bytes = readFileSync(logFile(d));
    bytes[ends[3] + 30] ^= 0x04;
    writeFileSync(logFile(d), bytes);
    await expect(connect(d)).rejects.toBeInstanceOf(BlockLogCorruptError);
  });

  it("then a damaged length field in a middle record stops start-up instead of silently dropping the blocks after it", async () => {
    const d = copy();
    const { ends } = readLog(d);
    const blocks = blocksOf(d);
    const bytes = readFileSync(logFile(d));
    bytes[ends.at(-3)!] = 0x7f; // the high byte of the second-to-last record's length
    writeFileSync(logFile(d), bytes);
    const warnings: string[] = [];
    const outcome = await connect(d, warnings).then(
      async (c) => {
        const head = (await c.ledger.history.confirmedHead()).number;
        await c.ledger.close();
        return `started with head ${head} of ${blocks.at(-1)!.number}, warnings: ${warnings.join("; ")}`;
      },
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect(statSync(logFile(d)).size).toBe(bytes.length);
  });

  const tamper: [string, (rs: LogRecord[]) => void][] = [
    ["a middle block's recorded hash", (rs) => ((rs[4] as BlockRecord).hash = `0x${"ee".repeat(32)}`)],
    ["the last block's recorded hash", (rs) => ((rs.at(-1) as BlockRecord).hash = `0x${"ee".repeat(32)}`)],
    ["a middle block's timestamp", (rs) => ((rs[4] as BlockRecord).time += 1)],
    ["a middle block missing a transaction", (rs) => (rs[3] as BlockRecord).txs.pop()],
    ["the genesis hash", (rs) => ((rs[0] as LogHeader).genesisHash = `0x${"00".repeat(32)}`)],
    ["a middle block repeating an earlier transaction", (rs) => (rs[4] as BlockRecord).txs.push((rs[3] as BlockRecord).txs[0])],
  ];
  for (const [what, edit] of tamper) {
    it(`then a log whose records pass their checksums but differ in ${what} stops start-up with a BLOCK_LOG ChainError`, async () => {
      const d = copy();
      const { records } = readLog(d);
      edit(records);
      rewrite(d, records);
      const err = await connect(d).then(
        async (c) => (await c.ledger.close(), undefined),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ChainError);
      expect((err as ChainError).code).toMatch(/^BLOCK_LOG_(MISMATCH|INVALID)$/);
      expect((err as ChainError).retryable).toBe(false);
    });
  }
});

describe("when the ledger clock is moved", () => {
  it("then block time moves by 90 days and the offset survives a restart", async () => {
    const d = freshDir();
    let { ledger: l } = await connect(d);
    const start = await l.history.confirmedHead();
    const moved = await l.clock.advance(90 * DAY);
    expect(moved.number).toBe(start.number + 1);
    expect(moved.timestamp.getTime() - start.timestamp.getTime()).toBeGreaterThanOrEqual(90 * DAY * 1000);
    expect(await l.history.confirmedHead()).toEqual(moved);
    expect((await l.clock.now()).getTime()).toBeGreaterThanOrEqual(Date.now() + (90 * DAY - 5) * 1000);
    await l.close();

    ({ ledger: l } = await connect(d));
    const now = await l.clock.now();
    expect(now.getTime()).toBeGreaterThanOrEqual(Date.now() + (90 * DAY - 5) * 1000);
    const r = await l.participants.register(acc.operator, { account: bank, roles: ["bank"], usccHash: h("b"), kycHash: h("k") });
    const next = await l.history.block(r.blockNumber);
    expect(r.blockNumber).toBe(moved.number + 1);
    expect(next.timestamp.getTime()).toBeGreaterThanOrEqual(moved.timestamp.getTime());
    expect(next.timestamp.getTime()).toBeGreaterThanOrEqual(Date.now() + (90 * DAY - 10) * 1000);
    // The contracts see the moved time: a maturity 30 wall-clock days out is already in the past.
    await Promise.all(register(l, [core, suppliers[0]], [["core"], ["supplier"]]));
    const stale = cstMidnightAfter(new Date(), 30);
    await expect(l.vouchers.issue(core, { supplier: suppliers[0], amount: 1n, maturity: stale, invoiceKeys: [] })).rejects.toMatchObject({ code: "VOUCHER_INVALID_MATURITY" });
    await l.close();
  });
});

describe("when transactions are acknowledged under load", () => {
  const d = freshDir();
  let l: Ledger;
  let base = 0;
  /** Cash minted to `core` in the blocks that are in the log right now: every mint below is 1 fen. */
  const durableMints = () => blocksOf(d).reduce((n, b) => n + (b.number > base ? b.txs.length : 0), 0);
  let refs = 0;
  // Each deposit reference is taken once on the ledger, so every load numbers its own.
  const load = (n: number, check: (r: Receipt) => void = ignore) =>
    Promise.all(Array.from({ length: n }, () => l.cash.mint(bank, core, 1n, h(`d${(refs += 1)}`)).then(check)));
  beforeAll(async () => {
    ({ ledger: l } = await connect(d));
    await Promise.all(register(l, [bank, core], [["bank"], ["core"]]));
    await l.cash.designateSettlementBank(acc.regulator, bank);
  });
  afterAll(() => l.close());

  it("then confirmedHead never exceeds the log and every receipt's block is already on disk", async () => {
    const violations: string[] = [];
    let done = false;
    const pollHeads = async () => {
      let polls = 0;
      for (; !done || polls < 5; polls += 1) {
        const head = await l.history.confirmedHead();
        const onDisk = blocksOf(d).find((b) => b.number === head.number);
        if (head.number > 0 && onDisk?.hash !== head.hash) violations.push(`head ${head.number} not on disk`);
      }
      return polls;
    };
    const poll = pollHeads();
    await load(60, (r) => {
      const b = blocksOf(d).find((x) => x.number === r.blockNumber);
      if (!b?.txs.some((raw) => keccak256(raw) === r.txHash)) violations.push(`tx ${r.txHash} not on disk`);
    });
    done = true;
    expect(await poll).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    expect(await l.cash.balanceOf(core)).toBe(60n);
  });

  it("then a read never shows state from a block that is not yet in the log", async () => {
    base = (await l.history.confirmedHead()).number;
    const start = await l.cash.balanceOf(core);
    const ahead: string[] = [];
    let done = false;
    const pollReads = async () => {
      let reads = 0;
      for (; !done; reads += 1) {
        const seen = (await l.cash.balanceOf(core)) - start;
        const onDisk = durableMints(); // read after: the log only grows, so this can only excuse a read
        if (seen > BigInt(onDisk)) ahead.push(`read ${seen} fen minted, the log holds ${onDisk}`);
      }
      return reads;
    };
    const poll = pollReads();
    await load(300);
    done = true;
    expect(await poll).toBeGreaterThan(10);
    expect(ahead).toEqual([]);
  });
});

describe("when the node is slow to take a transaction while other blocks are mined", () => {
  it("then that transaction is mined once the node has it, instead of being dropped and then breaking the chain", async () => {
    const { EmbeddedChain } = await import("../../chain/embedded/embedded-chain");
    const { generateAccountKey } = await import("../../chain/account-keys");
    const { signTransfer } = await import("../../chain/evm/sign");
    const slowKey = generateAccountKey();
    const busyKey = generateAccountKey();
    const slow = signTransfer(slowKey.privateKey, 31337n, 0);
    // The slow transaction's hand-over waits until the test lets it go: what a node busy on its other thread does.
    let handOver!: () => void;
    const released = new Promise<void>((resolve) => (handOver = resolve));
    const { chain } = await EmbeddedChain.start({
      dataDir: freshDir(),
      node: (rpc) => ({
        request: async <T,>(method: string, params?: unknown[]) => {
          if (method === "eth_sendRawTransaction" && params?.[0] === slow.raw) await released;
          return rpc.request<T>(method, params);
        },
        close: () => rpc.close(),
      }),
    });
    try {
      const broadcasting = chain.broadcast(slow.raw, slow.hash);
      // Five blocks go by for another account's transactions while the slow one is being handed over.
      for (let nonce = 0; nonce < 5; nonce += 1) {
        const tx = signTransfer(busyKey.privateKey, chain.chainId, nonce);
        await chain.broadcast(tx.raw, tx.hash);
        expect((await chain.awaitReceipt(tx.raw, tx.hash)).status).toBe("0x1");
      }
      handOver();
      await broadcasting;
      expect((await chain.awaitReceipt(slow.raw, slow.hash)).status).toBe("0x1");
      const after = signTransfer(busyKey.privateKey, chain.chainId, 5);
      await chain.broadcast(after.raw, after.hash);
      expect((await chain.awaitReceipt(after.raw, after.hash)).status).toBe("0x1");
    } finally {
      handOver();
      await chain.close();
    }
  });
});
