/**
 * Moving the ledger's clock under dual control: it matures vouchers and makes slots overdue for everyone, so one
 * operator user cannot move it alone, even on the embedded chain of a demo.
 */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import type { ClockService } from "./clock.service";

export const CLOCK_ADVANCE = "clock.advance";

export function clockActions(clock: ClockService): ActionTable {
  return {
    [CLOCK_ADVANCE]: action<{ seconds: number }>({
      propose: (_maker, { seconds }) => {
        clock.mustBeMovable();
        return Promise.resolve({ seconds, from: clock.now().now.toISOString() });
      },
      execute: async (_checker, payload) => {
        const r = await clock.advance(z.object({ seconds: z.number().int() }).parse(payload).seconds);
        return { now: r.now.toISOString(), block: r.block, advancedSeconds: r.advancedSeconds };
      },
    }),
  };
}
