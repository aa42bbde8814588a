/**
 * A domain module (credit lines, invoices, vouchers, financing, settlement, audit…) is its services, its routes,
 * its dual-control actions and its background jobs. server.ts, the composition root, builds each from the same
 * context; the services inside a module are given only what they use, never this context.
 */
import type { AuditLogRepository } from "../audit/audit-log.repository";
import type { ActionTable, DualControl } from "../approvals/dual-control";
import type { Clock } from "../clock";
import type { Guard, RouteTable } from "../http/route";
import type { Leadership } from "../jobs/leadership";
import { PeriodicJob, type JobLog } from "../jobs/periodic-job";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { Platform, PlatformLog } from "../platform";
import type { Verifiers } from "../verification/verifiers";
import type { TargetPolicy } from "../webhooks/webhook-target";

export interface DomainContext {
  platform: Platform;
  guard: Guard;
  dual: DualControl;
  organisations: OrganisationRepository;
  audit: AuditLogRepository;
  /** Resolves once the query model includes `block`: read-your-writes after a ledger transaction. */
  afterLedgerWrite: (block: number) => Promise<void>;
  /** Business time: the ledger's clock. */
  clock: Clock;
  log: PlatformLog & JobLog;
  /** The background jobs' interval, from the configuration. */
  jobIntervalMs: number;
  /** Which process runs the jobs' passes when several share the database. */
  leadership: Leadership;
  /** Where webhooks may be sent. */
  webhookTargets: TargetPolicy;
  /** The business registry and the invoice verifier. */
  verifiers: Verifiers;
}

export interface DomainModule {
  name: string;
  routes: RouteTable;
  /** The module's dual-control kinds; the server registers them. */
  actions?: ActionTable;
  /** The module's background jobs; the server starts and stops them. */
  jobs?: PeriodicJob<unknown>[];
}

export type DomainModuleFactory = (ctx: DomainContext) => DomainModule;

/** A module's job that runs every `everyIntervals` of the configured interval, in the process that leads it. */
export const moduleJob = <T>(ctx: DomainContext, name: string, pass: () => Promise<T>, everyIntervals = 1): PeriodicJob<T> =>
  new PeriodicJob(name, pass, { intervalMs: ctx.jobIntervalMs * everyIntervals, log: ctx.log, leadership: ctx.leadership });
