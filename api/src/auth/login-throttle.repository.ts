/** The failed-login counters (Prisma only); the rules that read them are in login-throttle.ts. */
import type { Prisma } from "../db/database";

export interface ThrottleRow {
  subject: string;
  failures: number;
  windowStart: Date;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export class LoginThrottleRepository {
  constructor(private readonly prisma: Prisma) {}

  async rows(subjects: readonly string[]): Promise<ThrottleRow[]> {
    return this.prisma.loginThrottle.findMany({ where: { subject: { in: [...subjects] } } });
  }

  /**
   * Counts one failure. A window that ended, or a lockout that ran out, starts the count again. Each step is one
   * atomic statement, so that processes failing logins at once for the same subject all count.
   */
  async fail(subject: string, now: Date, windowStartedBefore: Date): Promise<ThrottleRow> {
    await this.prisma.loginThrottle.updateMany({
      where: { subject, OR: [{ windowStart: { lte: windowStartedBefore } }, { lockedUntil: { lte: now } }] },
      data: { failures: 0, windowStart: now, lockedUntil: null },
    });
    return this.prisma.loginThrottle.upsert({
      where: { subject },
      create: { subject, failures: 1, windowStart: now, lastFailureAt: now },
      update: { failures: { increment: 1 }, lastFailureAt: now },
    });
  }

  async lock(subject: string, until: Date): Promise<void> {
    await this.prisma.loginThrottle.updateMany({ where: { subject }, data: { lockedUntil: until } });
  }

  async clear(subject: string): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { subject } });
  }
}
