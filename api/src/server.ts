/**
 * The composition root of the HTTP API: from an opened Platform, builds the services, the guard every route runs
 * through, each domain module's routes and background jobs, and the Express application.
 */
import type express from "express";
import { buildApp, type AppDeps } from "./app";
import { ApprovalRepository } from "./approvals/approval.repository";
import { approvalRoutes } from "./approvals/approval.routes";
import { DualControl } from "./approvals/dual-control";
import { AuditLogRepository } from "./audit/audit-log.repository";
import { authRoutes } from "./auth/auth.routes";
import { AuthService } from "./auth/auth.service";
import { IdentityRepository } from "./auth/identity.repository";
import { LoginThrottle } from "./auth/login-throttle";
import { LoginThrottleRepository } from "./auth/login-throttle.repository";
import { signingKeyFromSeed, TokenService } from "./auth/tokens";
import { ledgerClock, wallClock, type Clock } from "./clock";
import { pingDatabase } from "./db/database";
import type { DomainContext, DomainModule } from "./domain/module";
import { DOMAIN_MODULES } from "./domain/modules";
import { RequestDigester } from "./http/digest";
import { IdempotencyRepository } from "./http/idempotency.repository";
import { PeriodicJob } from "./jobs/periodic-job";
import { Metrics } from "./metrics";
import type { RequestLine, SlowRequestLine } from "./http/request-log";
import { MemoryBuckets, type RateLimits } from "./http/rate-limit";
import { DatabaseBuckets } from "./http/rate-limit.repository";
import type { TrustProxy } from "./config";
import type { Guard, RouteTable } from "./http/route";
import { OnboardingRepository } from "./onboarding/onboarding.repository";
import { onboardingRoutes } from "./onboarding/onboarding.routes";
import { OnboardingService } from "./onboarding/onboarding.service";
import { OrganisationRepository } from "./organisations/organisation.repository";
import { organisationRoutes } from "./organisations/organisation.routes";
import { userActions } from "./organisations/user.actions";
import { OrganisationService } from "./organisations/organisation.service";
import type { Platform, PlatformLog } from "./platform";
import { embeddedVerifiers, type Verifiers } from "./verification/verifiers";
import type { TargetPolicy } from "./webhooks/webhook-target";

export const TOKEN_ISSUER = "scf-ledger";
export const TOKEN_AUDIENCE = "scf-ledger-api";

export interface Server {
  app: express.Express;
  services: Services;
  /** Every route's declaration: what the OpenAPI document and the authorisation matrix test are built from. */
  specs: RouteTable["specs"];
  /** Starts the background jobs (indexer polling, settlement scheduler, financing expiry, audit anchoring). */
  start(): void;
  /** Stops the background jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}

export interface Services {
  tokens: TokenService;
  auth: AuthService;
  onboarding: OnboardingService;
  organisations: OrganisationService;
  dual: DualControl;
  audit: AuditLogRepository;
  domain: DomainContext;
  modules: DomainModule[];
  /** Every background job, the indexer's first: what health and metrics report on. */
  jobs: PeriodicJob<unknown>[];
}

export interface ServerOptions {
  log: PlatformLog & { error(e: unknown): void };
  rateLimits?: RateLimits;
  /** Milliseconds the rate limits refill on; the wall clock unless a test holds it still. */
  rateLimitClock?: () => number;
  /** The configuration's SCF_TRUST_PROXY and SCF_HSTS (see AppDeps). */
  trustProxy?: TrustProxy;
  hsts?: boolean;
  /**
   * The access-token signer. By default its Ed25519 key is derived from the master key, so every process with the
   * same master key signs and verifies the same tokens, and a restart signs no one out; tests may give their own.
   */
  tokens?: TokenService;
  /** How often background jobs run (the configuration's SCF_JOB_INTERVAL_MS); tests shorten it. */
  jobIntervalMs: number;
  /** Business time; the ledger's clock unless a test gives another. */
  clock?: Clock;
  /** Where each request's structured line goes (the process's log); the metrics count them either way. */
  requestLog?: (line: RequestLine) => void;
  /** Where a request still running after ten seconds is reported while it runs (the process's log, as a warning). */
  slowRequest?: (line: SlowRequestLine) => void;
  /** Addresses a Prometheus scraper may read /metrics from without signing in. */
  metricsAllow?: readonly string[];
  /** The time sessions, failed-login delays and lockouts run on: the wall clock unless a test gives another. */
  loginClock?: Clock;
  /** Where the built web console is: web/dist unless a test gives another. */
  consoleDir?: string;
  /** How long an Idempotency-Key claim holds (the configuration's SCF_IDEMPOTENCY_LEASE_MS): two minutes by default. */
  idempotencyLeaseMs?: number;
  /** The time Idempotency-Key leases run on: the wall clock unless a test moves its own. */
  idempotencyClock?: Clock;
  /** Where webhooks may go (the configuration's SCF_WEBHOOK_ALLOW_PRIVATE): public https hosts only by default. */
  webhookTargets?: TargetPolicy;
  /** The business registry and the invoice verifier (verifiersFrom(config)): the embedded sandbox unless given. */
  verifiers?: Verifiers;
}

export async function createServer(platform: Platform, options: ServerOptions): Promise<Server> {
  const prisma = platform.db.prisma;
  const tokens = options.tokens ?? new TokenService(await signingKeyFromSeed(platform.accessTokenSeed), TOKEN_ISSUER, TOKEN_AUDIENCE);
  const clock = options.clock ?? ledgerClock(platform.ledger.clock);
  const identities = new IdentityRepository(prisma, platform.standings);
  const loginClock = options.loginClock ?? wallClock;
  const throttle = new LoginThrottle(new LoginThrottleRepository(prisma), loginClock);
  const auth = new AuthService(identities, tokens, () => loginClock.now(), throttle);
  const audit = new AuditLogRepository(prisma, clock);
  const digester = new RequestDigester(platform.auditDigestKey);
  const guard: Guard = {
    actorOf: (authorization) => auth.actorOf(authorization),
    idempotency: new IdempotencyRepository(prisma, {
      leaseMs: options.idempotencyLeaseMs,
      clock: options.idempotencyClock,
      // PGlite admits one process, so a claim older than this one's start was cut off by a crash.
      soleProcessSince: platform.db.kind === "pglite" ? new Date() : undefined,
    }),
    audit,
    requestDigest: (request) => digester.of(request),
  };
  const afterLedgerWrite = (block: number) => platform.indexer.waitFor(block);
  const orgRepo = new OrganisationRepository(prisma, platform.standings);
  const verifiers = options.verifiers ?? embeddedVerifiers();
  const onboarding = new OnboardingService(new OnboardingRepository(prisma, clock), platform.vault, platform.ledger, platform.accounts.operator, afterLedgerWrite, verifiers.registry);
  const organisations = new OrganisationService(orgRepo, identities, auth, platform.ledger, afterLedgerWrite);
  const approvals = new ApprovalRepository(prisma, clock);
  const dual = new DualControl(approvals);
  const leadership = platform.db.leadership();
  const domain: DomainContext = {
    platform,
    guard,
    dual,
    organisations: orgRepo,
    audit,
    afterLedgerWrite,
    clock,
    log: options.log,
    jobIntervalMs: options.jobIntervalMs,
    leadership,
    webhookTargets: options.webhookTargets ?? { allowPrivate: false },
    verifiers,
  };
  const modules = DOMAIN_MODULES.map((build) => build(domain));
  for (const m of modules) if (m.actions) dual.register(m.actions);
  dual.register(userActions(organisations));
  // Every process indexes, with no leader: each needs its own read-your-writes (waitFor) at once, not at the
  // leader's next tick, and concurrent catch-ups are safe (the store locks the checkpoint row and skips what
  // another process already applied).
  const indexing = new PeriodicJob("Indexer", () => platform.indexer.catchUp(), { intervalMs: options.jobIntervalMs, log: options.log, firstPassAfterMs: 0 });
  const jobs: PeriodicJob<unknown>[] = [indexing, ...modules.flatMap((m) => m.jobs ?? [])];
  const tables: RouteTable[] = [
    authRoutes(guard, auth, organisations),
    onboardingRoutes(guard, onboarding),
    organisationRoutes(guard, dual, organisations),
    approvalRoutes(guard, dual),
    ...modules.map((m) => m.routes),
  ];
  const metrics = new Metrics({
    jobs,
    indexerLag: async () => Math.max(0, (await platform.ledger.history.confirmedHead()).number - platform.indexer.indexedBlock),
    pendingApprovals: () => approvals.countPending(),
  });
  const deps: AppDeps = {
    health: { chain: () => platform.ledger.ping(), database: () => pingDatabase(prisma) },
    tokens,
    logError: (e) => { options.log.error(e); },
    tables,
    rateLimits: options.rateLimits,
    rateLimitClock: options.rateLimitClock,
    // A server database may have several processes behind one load balancer: they share each client's buckets.
    // PGlite has one process, and memory costs no round trip.
    rateLimitStore: platform.db.kind === "postgres" ? new DatabaseBuckets(prisma) : new MemoryBuckets(),
    trustProxy: options.trustProxy,
    hsts: options.hsts,
    requestLine: (line) => {
      metrics.observe(line);
      options.requestLog?.(line);
    },
    slowRequest: options.slowRequest,
    metrics: { metrics, allow: options.metricsAllow ?? [], actorOf: (authorization) => auth.actorOf(authorization) },
    consoleDir: options.consoleDir,
  };
  return {
    app: buildApp(deps),
    specs: tables.flatMap((t) => t.specs),
    services: { tokens, auth, onboarding, organisations, dual, audit, domain, modules, jobs },
    start() {
      for (const job of jobs) job.start();
    },
    async stop() {
      // The modules' jobs write through the indexer's read-your-writes; the indexer stops last.
      await Promise.all(jobs.slice(1).map((job) => job.stop()));
      await indexing.stop();
      await leadership.close();
    },
  };
}
