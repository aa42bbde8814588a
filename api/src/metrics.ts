/**
 * Prometheus metrics (`GET /metrics`): request rates and latencies per route, ledger writes and reverts, the
 * indexer's lag, pending approvals and each background job's last success. Counters are fed from the request
 * log's lines, so that what is counted and what is logged never disagree; gauges are read when scraped. One
 * registry per server, not prom-client's global one, so that several servers in one process (tests) keep apart.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RequestLine } from "./http/request-log";

export interface MetricSources {
  jobs: readonly { name: string; lastSuccess: Date | undefined; leading: boolean | undefined }[];
  /** Confirmed blocks not yet in the projection. */
  indexerLag(): Promise<number>;
  /** Dual-control actions waiting for a checker. */
  pendingApprovals(): Promise<number>;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly latency: Histogram<"method" | "route">;
  private readonly ledgerWrites: Counter<"outcome">;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: "scf_http_requests_total", help: "HTTP requests answered", labelNames: ["method", "route", "status"], registers });
    this.latency = new Histogram({
      name: "scf_http_request_duration_seconds",
      help: "Time to answer an HTTP request",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.ledgerWrites = new Counter({
      name: "scf_ledger_writes_total",
      help: "Ledger transactions from API requests: committed (the response carries its hash) or reverted (the ledger refused it)",
      labelNames: ["outcome"],
      registers,
    });
    new Gauge({
      name: "scf_indexer_lag_blocks",
      help: "Confirmed blocks the projection has not applied yet",
      registers,
      async collect() {
        this.set(await sources.indexerLag());
      },
    });
    new Gauge({
      name: "scf_pending_approvals",
      help: "Dual-control actions waiting for a checker",
      registers,
      async collect() {
        this.set(await sources.pendingApprovals());
      },
    });
    new Gauge({
      name: "scf_job_last_success_timestamp_seconds",
      help: "When each background job last finished a pass (0: never yet)",
      labelNames: ["job"],
      registers,
      collect() {
        for (const job of sources.jobs) this.set({ job: job.name }, (job.lastSuccess?.getTime() ?? 0) / 1000);
      },
    });
    new Gauge({
      name: "scf_job_leader",
      help: "Whether this process led each background job at its last tick (with several processes, one leads; the others' last success stays old)",
      labelNames: ["job"],
      registers,
      collect() {
        for (const job of sources.jobs) this.set({ job: job.name }, job.leading ? 1 : 0);
      },
    });
  }

  observe(line: RequestLine): void {
    this.requests.inc({ method: line.method, route: line.route, status: String(line.status) });
    this.latency.observe({ method: line.method, route: line.route }, line.durationMs / 1000);
    if (line.txHash) this.ledgerWrites.inc({ outcome: "committed" });
    if (line.reverted) this.ledgerWrites.inc({ outcome: "reverted" });
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
