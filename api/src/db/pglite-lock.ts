/**
 * PGlite takes no lock on its data directory: a second process opening the
 * same directory succeeds, and the two silently lose each other's writes
 * (measured: 300 + 300 inserts, 447 left). This is the lock PostgreSQL's
 * postmaster.pid would give: a `<dataDir>.lock` file beside the directory,
 * created with O_EXCL, holding our pid; a stale one (dead pid) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock or throws; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        process.removeListener("exit", release);
        try {
          if (readFileSync(lockPath, "utf8") === String(process.pid)) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number(readFileSync(lockPath, "utf8"));
      if (holder && holder !== process.pid && alive(holder)) {
        throw new Error(`PGlite data directory ${dataDir} is in use by process ${holder} (${lockPath})`, { cause: e });
      }
      unlinkSync(lockPath); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}
