/**
 * The in-memory caches of the projection and of the ledger's rule reads: they serve what they read until the
 * indexer commits an event that changes it, never keep a read that raced such a commit, and keep nothing when
 * the process is not the projection's only writer.
 */
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../../../chain/events";
import { LedgerReadCache } from "../../../api/src/indexer/ledger-read-cache";
import { ParticipantStandings } from "../../../api/src/indexer/participant-standings";

const base = { contract: "X", blockNumber: 1, blockHash: "0x1", logIndex: 0, txHash: "0x2" };
const freeze = { ...base, name: "ParticipantFreezeChanged", args: { account: "0xA", frozen: true } } as LedgerEvent;
const cash = { ...base, name: "CashTransfer", args: { from: "0xA", to: "0xB", value: 1n } } as LedgerEvent;
const fee = { ...base, name: "FeeChanged", args: { feeBps: 5, recipient: "0xA" } } as LedgerEvent;

/** A loader over a mutable table that counts its reads. */
function table(rows: Partial<Record<string, { suspended: boolean; frozen: boolean }>>) {
  const t = { rows, reads: 0, load: (accounts: string[]) => {
    t.reads += 1;
    return Promise.resolve(accounts.flatMap((a) => {
      const row = t.rows[a];
      return row ? [{ account: a, ...row }] : [];
    }));
  } };
  return t;
}

describe("participants' standing in memory", () => {
  it("when read twice, then the second read is served from memory, unregistered accounts included", async () => {
    const t = table({ "0xA": { suspended: false, frozen: false } });
    const s = new ParticipantStandings(true);
    expect(await s.of(["0xA", "0xZ"], t.load)).toEqual(new Map([["0xA", { suspended: false, frozen: false }]]));
    expect(await s.of(["0xA", "0xZ"], t.load)).toEqual(new Map([["0xA", { suspended: false, frozen: false }]]));
    expect(t.reads).toBe(1);
  });

  it("when a participant event is committed, then the next read sees the projection again; other events keep it", async () => {
    const t = table({ "0xA": { suspended: false, frozen: false } });
    const s = new ParticipantStandings(true);
    await s.of(["0xA"], t.load);
    t.rows["0xA"] = { suspended: false, frozen: true };
    s.committed([cash]);
    expect((await s.of(["0xA"], t.load)).get("0xA")?.frozen).toBe(false);
    s.committed([cash, freeze]);
    expect((await s.of(["0xA"], t.load)).get("0xA")?.frozen).toBe(true);
  });

  it("when a read began before a commit and ends after it, then what it found is not kept", async () => {
    const s = new ParticipantStandings(true);
    let finish!: () => void;
    const slow = (accounts: string[]) =>
      new Promise<{ account: string; suspended: boolean; frozen: boolean }[]>((resolve) => {
        finish = () => resolve(accounts.map((a) => ({ account: a, suspended: false, frozen: false })));
      });
    const racing = s.of(["0xA"], slow);
    s.committed([freeze]);
    finish();
    await racing;
    const t = table({ "0xA": { suspended: false, frozen: true } });
    expect((await s.of(["0xA"], t.load)).get("0xA")?.frozen).toBe(true);
    expect(t.reads).toBe(1);
  });

  it("when the cache is off (a shared server database), then every read goes to the database", async () => {
    const t = table({ "0xA": { suspended: false, frozen: false } });
    const s = new ParticipantStandings(false);
    await s.of(["0xA"], t.load);
    await s.of(["0xA"], t.load);
    expect(t.reads).toBe(2);
  });
});

describe("the ledger's rule and fee reads in memory", () => {
  it("when the fee is read twice, then the ledger is asked once, and again after a FeeChanged is committed", async () => {
    const c = new LedgerReadCache(true);
    let asked = 0;
    const read = () => c.read("fee", () => Promise.resolve(++asked));
    expect([await read(), await read()]).toEqual([1, 1]);
    c.committed([cash]);
    expect(await read()).toBe(1);
    c.committed([fee]);
    expect(await read()).toBe(2);
  });

  it("when the cache is off, then every read goes to the ledger", async () => {
    const c = new LedgerReadCache(false);
    let asked = 0;
    await c.read("fee", () => Promise.resolve(++asked));
    await c.read("fee", () => Promise.resolve(++asked));
    expect(asked).toBe(2);
  });
});
