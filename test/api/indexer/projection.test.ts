import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../../chain/events";
import type { HistoryPort, Ledger } from "../../../chain/ledger";
import type { Database } from "../../../api/src/db/database";
import { Indexer } from "../../../api/src/indexer/indexer";
import { PrismaIndexerStore } from "../../../api/src/indexer/indexer.repository";
import { apply, ProjectionError, ProjectionState } from "../../../api/src/indexer/projection";
import { isRetryable } from "../../../api/src/retryable";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { cast, connect, onboard } from "../../helpers/ledger-story";

/** An event of a kind the port does not declare, as a contract upgraded ahead of this code would emit. */
function stranger(at: { blockNumber: number; blockHash: string }, logIndex: number): LedgerEvent {
  const e = { contract: "Vouchers", name: "VoucherBurned", args: { id: 1n }, txHash: "0x" + "cd".repeat(32), logIndex, ...at };
  return e as unknown as LedgerEvent;
}

/** The real ledger's history with `stranger` appended to its newest confirmed block. */
function withStranger(history: HistoryPort): HistoryPort {
  return {
    confirmedHead: () => history.confirmedHead(),
    block: (n) => history.block(n),
    events: async (from, to) => {
      const events = await history.events(from, to);
      const head = await history.confirmedHead();
      if (head.number < from || head.number > to) return events;
      return [...events, stranger({ blockNumber: head.number, blockHash: head.hash }, 10_000)];
    },
  };
}

describe("the projection", () => {
  it("when applied an event of a kind it does not know, then it throws ProjectionError and changes no row", () => {
    const state = new ProjectionState();
    expect(() => { apply(state, stranger({ blockNumber: 1, blockHash: "0x" + "ab".repeat(32) }, 0)); }).toThrow(ProjectionError);
    const tables = [state.participants, state.creditLines, state.invoices, state.vouchers, state.slots, state.financing, state.cash, state.settings];
    expect(tables.map((t) => t.dirty.size)).toEqual(tables.map(() => 0));
  });

  it("when a locked part of a voucher is financed, then the sale lifts the lock without a VoucherUnlocked", () => {
    const state = new ProjectionState();
    const at = { contract: "Vouchers", txHash: "0x" + "ef".repeat(32), blockNumber: 1, blockHash: "0x" + "ab".repeat(32) };
    const [core, s1, bank] = ["0x" + "01".repeat(20), "0x" + "02".repeat(20), "0x" + "03".repeat(20)];
    const events = [
      { name: "VoucherIssued", args: { id: 1n, debtor: core, holder: s1, amount: 100n, maturity: new Date(0) } },
      { name: "VoucherLocked", args: { id: 1n, amount: 60n, locked: 60n } },
      { name: "VoucherFinanced", args: { parentId: 1n, id: 2n, bank, amount: 40n } },
    ];
    events.forEach((e, logIndex) => { apply(state, { ...at, ...e, logIndex } as unknown as LedgerEvent); });
    expect(state.vouchers.must(1n, "voucher")).toMatchObject({ value: 60n, locked: 20n });
    expect(state.vouchers.must(2n, "voucher")).toMatchObject({ owner: bank, value: 40n, locked: 0n, financed: true, parent: 1n });
  });

  it("when a sale from contracts deployed before issue 16 emits VoucherUnlocked before VoucherFinanced, then the lock is lifted once", () => {
    const state = new ProjectionState();
    const at = (tx: string) => ({ contract: "Vouchers", txHash: "0x" + tx.repeat(32), blockNumber: 1, blockHash: "0x" + "ab".repeat(32) });
    const [core, s1, bank] = ["0x" + "01".repeat(20), "0x" + "02".repeat(20), "0x" + "03".repeat(20)];
    const events = [
      { ...at("e1"), name: "VoucherIssued", args: { id: 1n, debtor: core, holder: s1, amount: 100n, maturity: new Date(0) } },
      { ...at("e2"), name: "VoucherLocked", args: { id: 1n, amount: 60n, locked: 60n } },
      { ...at("e3"), name: "VoucherUnlocked", args: { id: 1n, amount: 40n, locked: 20n } },
      { ...at("e3"), name: "VoucherFinanced", args: { parentId: 1n, id: 2n, bank, amount: 40n } },
      { ...at("e4"), name: "VoucherFinanced", args: { parentId: 1n, id: 3n, bank, amount: 20n } },
    ];
    events.forEach((e, logIndex) => { apply(state, { ...e, logIndex } as unknown as LedgerEvent); });
    expect(state.vouchers.must(1n, "voucher")).toMatchObject({ value: 40n, locked: 0n });
  });

  describe("when the ledger's history holds an event of a kind the projection does not know", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "scf-projection-"));
    const c = cast();
    let ledger: Ledger;
    let tdb: TestDatabase;
    let db: Database;

    beforeAll(async () => {
      ({ ledger } = await connect(dir, c));
      await onboard(ledger, c);
      tdb = await testDatabase();
      db = await tdb.open();
    });
    afterAll(async () => {
      await db.close();
      await tdb.destroy();
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("then catch-up fails with a ProjectionError that is not retryable, and nothing of the batch is written", async () => {
      // One batch for the whole history, so that "nothing written" covers every event before the stranger too.
      const indexer = new Indexer(withStranger(ledger.history), new PrismaIndexerStore(db.prisma), { maxBlocksPerBatch: 1_000_000 });
      const err = await indexer.catchUp().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProjectionError);
      expect((err as Error).message).toContain("VoucherBurned");
      expect(isRetryable(err)).toBe(false);

      expect(await db.prisma.indexerCheckpoint.count()).toBe(0);
      expect(await db.prisma.ledgerEvent.count()).toBe(0);
      expect(await db.prisma.participantState.count()).toBe(0);
    });

    it("then the same history without it is indexed, so the unknown kind alone stopped the projection", async () => {
      const caught = await new Indexer(ledger.history, new PrismaIndexerStore(db.prisma)).catchUp();
      expect(caught.events).toBeGreaterThan(0);
      expect(await db.prisma.participantState.count()).toBeGreaterThan(0);
    });
  });
});
