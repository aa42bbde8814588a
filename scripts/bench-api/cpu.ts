/**
 * CPU time of a process from /proc (Linux): its main thread, where all JavaScript, PGlite and Prisma run, and
 * the whole process (with the EVM's threads and libuv's pool). Main-thread CPU per write is the ceiling of a
 * one-process server: 1000 / ms per write is the most writes per second it can take. Undefined off Linux.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface CpuTimes {
  mainMs: number;
  allMs: number;
}

function ticks(statFile: string): number {
  const stat = readFileSync(statFile, "utf8");
  // Fields after the command (which may contain spaces) start after the last ')'; utime and stime are 14 and 15.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
}

export function cpuTimes(pid: number): CpuTimes | undefined {
  try {
    return { mainMs: ticks(`/proc/${pid}/task/${pid}/stat`) * TICK_MS, allMs: ticks(`/proc/${pid}/stat`) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** The node process the tsx CLI started to run the server: the CLI's child. */
export function childOf(pid: number): number | undefined {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      if (kids.length) return kids[0];
    }
  } catch {
    // not Linux, or gone
  }
  return undefined;
}

/** CPU spent between two readings, and the main thread's share of the wall time. */
export function cpuBetween(a: CpuTimes | undefined, b: CpuTimes | undefined, wallMs: number, writes: number) {
  if (!a || !b) return undefined;
  const main = b.mainMs - a.mainMs;
  const all = b.allMs - a.allMs;
  const per = (x: number) => Math.round((10 * x) / Math.max(1, writes)) / 10;
  return {
    mainThreadMsPerWrite: per(main),
    otherThreadsMsPerWrite: per(all - main),
    mainThreadBusyPct: Math.round((100 * main) / Math.max(1, wallMs)),
    /** The other threads' CPU as a share of one CPU: mostly EDR running the EVM, one request at a time. */
    otherThreadsBusyPct: Math.round((100 * (all - main)) / Math.max(1, wallMs)),
  };
}
