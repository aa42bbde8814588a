import { describe, expect, it } from "vitest";
import { ReachTally, type ReachSource } from "../../api/src/reports/reach-tally";
import type { ReachRow } from "../../api/src/reports/report.repository";

/** An event log in memory: each event adds one piece of `amount` to (debtor, tier, recipient) at its block. */
class Log implements ReachSource {
  readonly events: (ReachRow & { block: number })[] = [];
  readonly asked: number[] = [];
  /** Held until released, so that a test can start two reports during one read. */
  gate: Promise<void> = Promise.resolve();

  add(block: number, debtor: string, tier: number, recipient: string, amount: bigint): void {
    this.events.push({ block, debtor, tier, recipient, amount, pieces: 1 });
  }

  async reachSince(afterBlock: number) {
    this.asked.push(afterBlock);
    const seen = this.events.filter((e) => e.block > afterBlock);
    await this.gate;
    const groups = new Map<string, ReachRow>();
    for (const e of seen) {
      const k = `${e.debtor}/${e.tier}/${e.recipient}`;
      const g = groups.get(k) ?? { debtor: e.debtor, tier: e.tier, recipient: e.recipient, amount: 0n, pieces: 0 };
      g.amount += e.amount;
      g.pieces += 1;
      groups.set(k, g);
    }
    return { rows: [...groups.values()], upTo: seen.length ? Math.max(...seen.map((e) => e.block)) : undefined };
  }
}

const key = (r: ReachRow) => `${r.debtor}/${r.tier}/${r.recipient}`;
const sorted = (rows: ReachRow[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));

describe("the tier-reach tally", () => {
  it("when events land after a report, then the next report adds only those, for the debtors asked", async () => {
    const log = new Log();
    log.add(3, "core", 1, "t1", 100n);
    log.add(5, "core", 2, "t2", 40n);
    log.add(5, "core2", 1, "x", 7n);
    const tally = new ReachTally(log);
    expect(sorted(await tally.reach(["core"]))).toEqual([
      { debtor: "core", tier: 1, recipient: "t1", amount: 100n, pieces: 1 },
      { debtor: "core", tier: 2, recipient: "t2", amount: 40n, pieces: 1 },
    ]);
    log.add(6, "core", 2, "t2", 10n);
    log.add(6, "core", 3, "t3", 5n);
    expect(sorted(await tally.reach(["core", "core2"]))).toEqual([
      { debtor: "core", tier: 1, recipient: "t1", amount: 100n, pieces: 1 },
      { debtor: "core", tier: 2, recipient: "t2", amount: 50n, pieces: 2 },
      { debtor: "core", tier: 3, recipient: "t3", amount: 5n, pieces: 1 },
      { debtor: "core2", tier: 1, recipient: "x", amount: 7n, pieces: 1 },
    ]);
    expect(log.asked).toEqual([-1, 5]);
    // Nothing new: the tally stays where it was and reads from the same block again.
    await tally.reach(["core"]);
    expect(log.asked).toEqual([-1, 5, 6]);
  });

  it("when two reports come during one read, then no event is added twice", async () => {
    const log = new Log();
    log.add(1, "core", 1, "t1", 100n);
    let release!: () => void;
    log.gate = new Promise((r) => (release = r));
    const tally = new ReachTally(log);
    const first = tally.reach(["core"]);
    const second = tally.reach(["core"]);
    release();
    expect(await first).toEqual([{ debtor: "core", tier: 1, recipient: "t1", amount: 100n, pieces: 1 }]);
    expect(await second).toEqual([{ debtor: "core", tier: 1, recipient: "t1", amount: 100n, pieces: 1 }]);
  });

  it("when a read fails, then the next report reads the same events again", async () => {
    const log = new Log();
    log.add(1, "core", 1, "t1", 100n);
    log.gate = Promise.reject(new Error("database unavailable"));
    const tally = new ReachTally(log);
    await expect(tally.reach(["core"])).rejects.toThrow("database unavailable");
    log.gate = Promise.resolve();
    expect(await tally.reach(["core"])).toEqual([{ debtor: "core", tier: 1, recipient: "t1", amount: 100n, pieces: 1 }]);
    expect(log.asked).toEqual([-1, -1]);
  });
});
