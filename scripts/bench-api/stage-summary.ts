/**
 * Where a request's time goes, from the server's stage-trace.ts record: for each timed stage, calls per
 * operation and their duration (mean, p50, p95), within a window of the load.
 */
import { readFileSync } from "node:fs";
import { percentile, round } from "../bench-stats";
import type { ProfileWindow } from "./profile";
import { LOOP_MEAN, LOOP_P99, type StageTrace } from "./stage-trace";

export interface StageSummary {
  label: string;
  /** How long a ready callback waited for the server's one thread: mean, and the median of each 250 ms's p99. */
  eventLoopDelayMs: { mean: number; p99: number };
  stages: { stage: string; perOperation: number; meanMs: number; p50Ms: number; p95Ms: number }[];
}

export function stageSummary(file: string, windows: (ProfileWindow & { operations: number })[]): StageSummary[] {
  const t = JSON.parse(readFileSync(file, "utf8")) as StageTrace;
  const inside = (w: ProfileWindow, xs: [number, number][] = []) => xs.filter(([at]) => at >= w.fromUs && at <= w.toUs).map(([, us]) => us / 1000);
  return windows.map((w) => ({
    label: w.label,
    eventLoopDelayMs: {
      mean: round(inside(w, t[LOOP_MEAN]).reduce((a, x, _, all) => a + x / all.length, 0)),
      p99: round(percentile(inside(w, t[LOOP_P99]), 50)),
    },
    stages: Object.entries(t)
      .filter(([stage]) => !stage.startsWith("(event loop"))
      .map(([stage, calls]) => {
        const ms = inside(w, calls);
        return {
          stage,
          perOperation: round(ms.length / Math.max(1, w.operations), 2),
          meanMs: round(ms.reduce((a, x) => a + x, 0) / Math.max(1, ms.length)),
          p50Ms: round(percentile(ms, 50)),
          p95Ms: round(percentile(ms, 95)),
        };
      })
      .filter((s) => s.perOperation > 0),
  }));
}
