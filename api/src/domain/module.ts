/**
 * A domain module (credit lines, invoices, vouchers, financing, settlement, audit…) is its services, its routes
 * and, optionally, a background job. server.ts builds each from the same context.
 */
import type { AuditLogRepository } from "../audit/audit-log.repository";
import type { DualControl } from "../approvals/dual-control";
import type { Guard, RouteTable } from "../http/route";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { Platform, PlatformLog } from "../platform";

export interface DomainContext {
  platform: Platform;
  guard: Guard;
  dual: DualControl;
  organisations: OrganisationRepository;
  audit: AuditLogRepository;
  /** Resolves once the query model includes `block`: read-your-writes after a ledger transaction. */
  afterLedgerWrite(block: number): Promise<void>;
  log: PlatformLog & { error(e: unknown): void };
  jobIntervalMs: number;
}

export interface DomainModule {
  name: string;
  routes: RouteTable;
  start?(): void;
  stop?(): Promise<void>;
}

export type DomainModuleFactory = (ctx: DomainContext) => DomainModule;
