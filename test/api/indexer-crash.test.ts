import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaProjectionReader } from "../../api/src/indexer/indexer.repository";
import { reconcile } from "../../api/src/indexer/reconcile";
import { testDatabase } from "../helpers/database";
import { cast, connect, cstMidnightIn, onboard, round } from "../helpers/ledger-story";

const ROOT = path.resolve(__dirname, "../..");

interface Run {
  committed: number[];
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

/** Runs the indexer child; kills it with SIGKILL after `killAfter` commits, if given. */
function runIndexer(chainDir: string, dbConfig: unknown, killAfter?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/indexer-child.ts", chainDir, JSON.stringify(dbConfig)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const committed: number[] = [];
    let stderr = "";
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (!m) continue;
        committed.push(Number(m[1]));
        // A little later than the commit line, so that the kill often lands inside the next transaction.
        if (killAfter !== undefined && committed.length === killAfter) setTimeout(() => child.kill("SIGKILL"), Math.random() * 40);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code, signal) => resolve({ committed, exit: { code, signal }, stderr }));
  });
}

describe("when the indexer process is killed with SIGKILL in the middle of catching up, several times", () => {
  const chainDir = mkdtempSync(path.join(tmpdir(), "scf-crash-chain-"));
  afterAll(() => rmSync(chainDir, { recursive: true, force: true }));

  it("then each restart resumes from its checkpoint and reconcile finds no difference", async () => {
    const c = cast();
    const { ledger } = await connect(chainDir, c);
    await onboard(ledger, c);
    const maturity = await cstMidnightIn(ledger, 45);
    for (let n = 0; n < 4; n += 1) await round(ledger, c, maturity, n);
    const head = (await ledger.history.confirmedHead()).number;
    await ledger.close();

    const tdb = await testDatabase();
    try {
      const checkpoints: number[] = [];
      for (const killAfter of [3, 5, 4]) {
        const run = await runIndexer(chainDir, tdb.config, killAfter);
        expect(run.exit.signal, run.stderr).toBe("SIGKILL");
        // Each run starts where the last committed batch left off: never earlier, never skipping ahead.
        if (checkpoints.length) expect(run.committed[0]).toBeGreaterThan(checkpoints.at(-1)!);
        checkpoints.push(run.committed.at(-1)!);
      }
      expect(checkpoints.at(-1)!).toBeLessThan(head);
      const last = await runIndexer(chainDir, tdb.config);
      expect(last.exit.code, last.stderr).toBe(0);
      expect(last.committed.at(-1)).toBe(head);

      const reopened = await connect(chainDir, c);
      const db = await tdb.open();
      try {
        expect(await reconcile(reopened.ledger, new PrismaProjectionReader(db.prisma))).toEqual([]);
        const events = await reopened.ledger.history.events(0, head);
        expect(await db.prisma.ledgerEvent.count()).toBe(events.length);
      } finally {
        await db.close();
        await reopened.ledger.close();
      }
    } finally {
      await tdb.destroy();
    }
    // Five processes start tsx one after another; on a loaded 2-CPU machine that alone took more than two minutes.
  }, 300_000);
});
