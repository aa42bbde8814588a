/**
 * The measured HTTP phases. Transfers: worker `w` passes a piece of holder `w mod K`'s voucher to that holder's
 * payee (POST /vouchers/{id}/transfers, one ledger write each). Financing: worker `w` runs whole financings for
 * holder `w mod K` with bank `w mod 2`: the holder opens a request, the bank's maker quotes, the holder accepts
 * (a ledger write: the request and its lock), the bank's maker proposes paying out and its checker approves
 * (a ledger write: the atomic exchange). Acceptance to cash is from sending the acceptance to the checker's
 * answer, which comes once the holder's cash is on the ledger and in the projection.
 */
import type { CpuTimes } from "./cpu";
import type { HttpWorld } from "./http-setup";
import { runPool, type PhaseResult } from "./phase";

/** `cpu` reads the server process's CPU times, for CPU per write. */
export type ServerCpu = () => CpuTimes | undefined;

export function httpTransfers(w: HttpWorld, concurrency: number, ops: number, amount: string, cpu?: ServerCpu): Promise<PhaseResult> {
  return runPool(concurrency, ops, async (worker) => {
    const holder = w.holders[worker % w.holders.length];
    const body = { toOrgId: holder.payee.orgId, amount, invoiceIds: holder.payee.invoiceId ? [holder.payee.invoiceId] : [] };
    const t0 = performance.now();
    await holder.user.post(`/vouchers/${holder.voucherId}/transfers`, body);
    return { writes: 1, latencies: [performance.now() - t0], requests: 1 };
  }, cpu);
}

export function httpFinancings(w: HttpWorld, concurrency: number, flows: number, amount: string, cpu?: ServerCpu): Promise<PhaseResult> {
  return runPool(concurrency, flows, async (worker) => {
    const holder = w.holders[worker % w.holders.length];
    const bank = w.banks[worker % w.banks.length];
    const request = await holder.user.post<{ id: string }>("/financing/requests", { voucherId: holder.voucherId, amount });
    const quote = await bank.maker.post<{ id: string }>(`/financing/requests/${request.id}/quotes`, { rateBps: 400 });
    const t0 = performance.now();
    await holder.user.post(`/financing/requests/${request.id}/accept`, { quoteId: quote.id });
    const t1 = performance.now();
    const proposed = await bank.maker.post<{ id: string }>(`/financing/requests/${request.id}/approve`);
    const t2 = performance.now();
    const done = await bank.checker.post<{ status: string; result: { acceptanceToCashSeconds: number | null } }>(`/approvals/${proposed.id}/approve`);
    const t3 = performance.now();
    if (done.status !== "approved") throw new Error(`financing approval ended ${done.status}`);
    return {
      writes: 2,
      latencies: [t1 - t0, t3 - t2],
      requests: 5,
      acceptToCashMs: t3 - t0,
      serverAcceptToCashS: done.result.acceptanceToCashSeconds ?? undefined,
    };
  }, cpu);
}

/** Signs every user in before anything is timed, so that no measured request pays for a login. */
export async function signIn(w: HttpWorld): Promise<void> {
  for (const h of w.holders) await h.user.get("/cash/balance");
  for (const b of w.banks) {
    await b.maker.get("/cash/balance");
    await b.checker.get("/cash/balance");
  }
}
