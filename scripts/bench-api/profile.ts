/**
 * Where the server's CPU time went: self time per function from a V8 .cpuprofile, restricted to a window of the
 * load (sample times are CLOCK_MONOTONIC microseconds, the clock of process.hrtime in any process on the
 * machine), grouped by the package or project folder the code lives in.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { round } from "../bench-stats";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  label: string;
  /** process.hrtime.bigint() / 1000n at the window's start and end. */
  fromUs: number;
  toUs: number;
}

export interface ProfileSummary {
  label: string;
  /** Wall time of the window and the server's busy (non-idle) CPU time in it. */
  windowMs: number;
  busyMs: number;
  busyPct: number;
  /**
   * Self time by group, with built-ins, native bindings and Node's own library (JSON, fs calls, Buffer writes…)
   * charged to the nearest caller outside Node: PGlite's synchronous file writes count as PGlite. What no package
   * called (the HTTP parser, sockets, timers) stays "node core".
   */
  byGroup: { group: string; ms: number; pctOfBusy: number }[];
  top: { fn: string; where: string; group: string; calledFrom: string | undefined; ms: number; pctOfBusy: number }[];
}

const ROOT = path.resolve(__dirname, "../..");

/** The package (node_modules/<pkg> or @scope/pkg), project folder, or V8 bucket a frame belongs to. */
export function groupOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === "(garbage collector)") return "V8: garbage collection";
    if (functionName === "(program)") return "V8: native/program (incl. native addons)";
    if (functionName === "(idle)") return "(idle)";
    if (/^(parse|stringify)$/.test(functionName)) return "JSON (built-in)";
    return "V8 built-ins";
  }
  if (url.startsWith("node:")) return "node core";
  // WebAssembly is told apart by who runs it (see chargedGroup): PostgreSQL in PGlite, Prisma's query compiler.
  if (url.startsWith("wasm://")) return "wasm";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.endsWith("/scripts/bench-api/db-trace.ts")) return "the benchmark's SQL tracer (profiled run only)";
  const file = url.replace(/^file:\/\//, "");
  if (file.startsWith(ROOT)) {
    const rel = path.relative(ROOT, file).split(path.sep);
    if (rel[0] === "api" && rel[1] === "src") return rel[2] === "generated" ? "app: api/src/generated (Prisma client)" : `app: api/src/${rel[2]?.replace(/\.ts$/, "")}`;
    return `app: ${rel[0]}`;
  }
  return "other";
}

/** A group's family, for the one-line answer "signing, EVM, Prisma/PGlite, JSON, jose, express…". */
export function familyOf(group: string): string {
  if (group === "@electric-sql/pglite (wasm: PostgreSQL)") return "PGlite: PostgreSQL itself (wasm)";
  if (group.startsWith("@electric-sql")) return "PGlite: JS (wire protocol, result parsing, file writes)";
  if (/^@prisma|^pglite-prisma-adapter|generated \(Prisma/.test(group)) return "Prisma client (runtime, wasm query compiler, adapter)";
  if (/^pg$|^pg-|^postgres-/.test(group)) return "node-postgres driver (with BENCH_DATABASE_URL)";
  if (/^@noble|^@scure|^ethers$|^ethereum-cryptography|^@ethereumjs\/rlp|^js-sha3/.test(group)) return "signing, hashing, ABI (ethers/noble)";
  if (/^hardhat$|^@nomicfoundation|^@ethereumjs|^ethereumjs|^@ethersproject/.test(group)) return "Hardhat provider (EDR runs the EVM on its own threads)";
  if (group.startsWith("V8: native")) return "V8: (program), native code with no JS frame";
  if (/^express$|^router$|^body-parser$|^raw-body$|^iconv-lite$|^qs$|^send$|^finalhandler$|^path-to-regexp$|^type-is$|^content-type$|^accepts$|^mime|^parseurl$|^on-finished$|^depd$|^debug$/.test(group)) return "express (and its helpers)";
  if (group === "jose") return "jose (access tokens)";
  if (group === "zod") return "zod (validation)";
  if (group.startsWith("JSON")) return "JSON (built-in)";
  if (group === "node core") return "node core (http parser, sockets, timers)";
  if (group.startsWith("app: ")) return "the platform's own code (api/, chain/)";
  if (group.startsWith("V8: garbage")) return "V8: garbage collection";
  return group;
}

/** The largest main-thread .cpuprofile in `dir` (CPU.<date>.<time>.<pid>.<thread>.<seq>): the server's, not a loader thread's. */
export function serverProfile(dir: string): string {
  const files = readdirSync(dir).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f));
  if (!files.length) throw new Error(`No .cpuprofile in ${dir}: did the server exit cleanly?`);
  return path.join(dir, files.sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size)[0]);
}

export function summarise(file: string, windows: ProfileWindow[], topN = 15): ProfileSummary[] {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const frames = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const frameOf = (id: number): CallFrame => {
    const frame = frames.get(id);
    if (!frame) throw new Error(`${file} names node ${id} but has no such node`);
    return frame;
  };
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const charged = new Map<number, string>();
  const chargedGroup = (id: number): string => {
    const known = charged.get(id);
    if (known) return known;
    const own = groupOf(frameOf(id));
    let g = own;
    if (own === "V8 built-ins" || own === "JSON (built-in)" || own === "node core" || own === "wasm") {
      for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
        const f = frameOf(up);
        // The benchmark's own SQL tracer (db-trace.ts) is see-through.
        if (f.url && !/^(node|wasm):/.test(f.url) && !f.url.endsWith("/db-trace.ts")) {
          g = groupOf(f);
          break;
        }
      }
      if (own === "wasm") g = g === "@electric-sql/pglite" ? "@electric-sql/pglite (wasm: PostgreSQL)" : g === "wasm" ? "wasm (unknown caller)" : `${g} (wasm)`;
    }
    charged.set(id, g);
    return g;
  };
  // Sample i's time is when it was taken; it stands for the time until the next sample.
  const times: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) times.push((t += d));
  return windows.map((w) => {
    const self = new Map<string, { frame: CallFrame; us: number; callers: Map<string, number> }>();
    const groups = new Map<string, number>();
    let busy = 0;
    for (let i = 0; i < p.samples.length; i += 1) {
      const at = times[i];
      if (at < w.fromUs || at > w.toUs) continue;
      const us = (times[i + 1] ?? p.endTime) - at;
      const frame = frameOf(p.samples[i]);
      if (frame.functionName === "(idle)") continue;
      busy += us;
      const g = chargedGroup(p.samples[i]);
      groups.set(g, (groups.get(g) ?? 0) + us);
      const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}`;
      const e = self.get(key) ?? { frame, us: 0, callers: new Map<string, number>() };
      e.us += us;
      e.callers.set(g, (e.callers.get(g) ?? 0) + us);
      self.set(key, e);
    }
    const pct = (us: number) => round((100 * us) / Math.max(1, busy));
    const windowMs = (w.toUs - w.fromUs) / 1000;
    return {
      label: w.label,
      windowMs: round(windowMs),
      busyMs: round(busy / 1000),
      busyPct: round((100 * busy) / 1000 / Math.max(1, windowMs)),
      byGroup: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: round(us / 1000), pctOfBusy: pct(us) })),
      top: [...self.values()]
        .sort((a, b) => b.us - a.us)
        .slice(0, topN)
        .map(({ frame, us, callers }) => ({
          fn: frame.functionName || "(anonymous)",
          where: frame.url.startsWith("file://") ? `${path.relative(ROOT, frame.url.slice("file://".length))}:${frame.lineNumber + 1}` : frame.url,
          // A built-in, Node's own code or WebAssembly counts for whoever called it most.
          group: [...callers.entries()].sort((a, b) => b[1] - a[1])[0][0],
          // For a built-in: on whose behalf it ran (the nearest JavaScript caller's group), largest first.
          calledFrom: frame.url && !/^(node|wasm):/.test(frame.url)
            ? undefined
            : [...callers.entries()]
                .sort((a, b) => b[1] - a[1])
                .slice(0, 3)
                .map(([g, cus]) => `${g} ${Math.round((100 * cus) / us)}%`)
                .join(", "),
          ms: round(us / 1000),
          pctOfBusy: pct(us),
        })),
    };
  });
}

/** Sums groups into families. */
export function families(s: ProfileSummary): { family: string; ms: number; pctOfBusy: number }[] {
  const f = new Map<string, number>();
  for (const g of s.byGroup) f.set(familyOf(g.group), (f.get(familyOf(g.group)) ?? 0) + g.ms);
  return [...f.entries()].sort((a, b) => b[1] - a[1]).map(([family, ms]) => ({ family, ms: round(ms), pctOfBusy: round((100 * ms) / Math.max(1, s.busyMs)) }));
}
