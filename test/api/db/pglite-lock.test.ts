import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DataDirInUseError, lockDataDir } from "../../../api/src/db/pglite-lock";

const root = mkdtempSync(path.join(tmpdir(), "scf-lock-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

const dataDir = (name: string) => path.join(root, name);
const lockFile = (dir: string) => `${dir}.lock`;
const state = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2)[0];
};

/**
 * A process killed with SIGKILL and not reaped: `sh` starts `sleep` in the background, prints its pid, then
 * becomes `sleep` itself, which never waits for children. Once the exec has happened (its command name says so),
 * the background `sleep` is killed: it stays a zombie for as long as its parent lives. Killing it only after the
 * exec matters: a shell that is still a shell may reap it first.
 */
async function zombie(): Promise<number> {
  const parent = spawn("sh", ["-c", "sleep 60 & echo $!; exec sleep 60"], { stdio: ["ignore", "pipe", "ignore"] });
  children.push(parent);
  const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
  await vi.waitFor(() => expect(readFileSync(`/proc/${parent.pid ?? 0}/comm`, "utf8")).toBe("sleep\n"), { timeout: 10_000, interval: 10 });
  process.kill(pid, "SIGKILL");
  await vi.waitFor(() => expect(state(pid)).toBe("Z"), { timeout: 10_000, interval: 10 });
  return pid;
}

describe("the PGlite data directory's lock", () => {
  it("when a second opener asks for a held directory, then it is refused in one line that names the holder and what to do", () => {
    const dir = dataDir("held");
    const release = lockDataDir(dir);
    try {
      // The holder here is this very process; another live process is what a real second start meets.
      writeFileSync(lockFile(dir), String(process.ppid));
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.ppid}: stop it (kill ${process.ppid}), or start with another SCF_DATA_DIR`);
      expect(readFileSync(lockFile(dir), "utf8")).toBe(String(process.ppid));
    } finally {
      writeFileSync(lockFile(dir), String(process.pid));
      release();
    }
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it("when the holder has exited and been reaped, then the stale lock is taken over", async () => {
    const dir = dataDir("stale");
    const gone = spawn("true");
    const pid = gone.pid ?? 0;
    await new Promise((resolve) => gone.once("exit", resolve));
    writeFileSync(lockFile(dir), String(pid));
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
  });

  it("when the holder was killed but not yet reaped (a zombie), then a restart takes the lock over instead of being refused", async () => {
    const dir = dataDir("zombie");
    const pid = await zombie();
    expect(() => process.kill(pid, 0)).not.toThrow(); // what fooled the old check
    writeFileSync(lockFile(dir), String(pid));
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });
});
