/**
 * PGlite takes no lock on its data directory: a second process opening the
 * same directory succeeds, and the two silently lose each other's writes
 * (measured: 300 + 300 inserts, 447 left). This is the lock PostgreSQL's
 * postmaster.pid would give: a `<dataDir>.lock` file beside the directory,
 * created with O_EXCL, holding our pid; a stale one (dead or zombie pid) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../startup-error";

/**
 * Whether the lock's holder still runs. A process killed with SIGKILL stays a zombie until its parent reaps it,
 * and a zombie still passes `kill(pid, 0)`: a supervisor restarting at once would be refused. So on Linux the
 * holder's state in /proc decides (Z zombie, X dead); elsewhere the signal probe is all there is.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  return !/^[ZX]$/.test(processState(pid) ?? "");
}

/** The state letter of /proc/<pid>/stat: the field after the command name, which may itself hold spaces and parentheses. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ", 1)[0];
  } catch {
    return undefined;
  }
}

export class DataDirInUseError extends StartupError {
  override name = "DataDirInUseError";
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
        throw new DataDirInUseError(
          `PGlite data directory ${dataDir} is in use by process ${holder}: stop it (kill ${holder}), or start with another SCF_DATA_DIR`,
          { cause: e },
        );
      }
      unlinkSync(lockPath); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}
