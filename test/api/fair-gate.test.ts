import { describe, expect, it } from "vitest";
import { FairGate, GateFull } from "../../api/src/auth/fair-gate";

/** A task that runs until the test releases it, recording when it started. */
function controlled(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { task: () => (log.push(name), done), release: () => release() };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("the fair gate in front of password hashing", () => {
  it("when one client has 200 tasks in flight, then at most `concurrency` run, a few wait, the rest are refused, and another client is served next", async () => {
    const gate = new FairGate(2, 8);
    const started: string[] = [];
    const flood = Array.from({ length: 200 }, (_, i) => controlled(started, `a${i}`));
    const outcomes = flood.map((c) => gate.run("10.0.0.1", c.task).then(() => "ran", (e: unknown) => (e instanceof GateFull ? "refused" : "other")));
    const real = controlled(started, "real");
    const realDone = gate.run("10.0.0.2", real.task);
    await settle();
    expect(started).toEqual(["a0", "a1"]);
    expect(gate.load).toEqual({ running: 2, waiting: 9 });

    flood[0].release();
    await settle();
    // The flooding client was first in line, so it gets the freed slot; the other client is next whatever it waits behind.
    expect(started).toEqual(["a0", "a1", "a2"]);
    flood[1].release();
    await settle();
    expect(started).toEqual(["a0", "a1", "a2", "real"]);
    real.release();
    await realDone;

    for (const c of flood) c.release();
    const counts = (await Promise.all(outcomes)).reduce<Record<string, number>>((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
    expect(counts).toEqual({ ran: 10, refused: 190 });
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("when a task fails, then its slot is freed for the next", async () => {
    const gate = new FairGate(1, 4);
    await expect(gate.run("a", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run("a", () => Promise.resolve(7))).resolves.toBe(7);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
