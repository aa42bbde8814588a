/** The regulator's reconciliation as the route tests read it: each difference as `entity:key:field`, sorted. */
import { expect } from "vitest";
import { status } from "./api-steps";
import type { TestApi } from "./api";

export async function differences(api: TestApi): Promise<string[]> {
  const res = await api.http().get("/audit/reconciliation").set(await api.as("regulator", "admin")).then(status(200));
  return (res.body as { differences: { entity: string; key: string; field: string }[] }).differences.map((d) => `${d.entity}:${d.key}:${d.field}`).sort();
}

/**
 * Changes the projection behind the ledger's back with `tamper`, expects the reconciliation to name exactly
 * `expected`, and puts it back with `restore`: after which the reconciliation is clean again.
 */
export async function tamperingIsReported(api: TestApi, tamper: () => Promise<unknown>, restore: () => Promise<unknown>, expected: string[]): Promise<void> {
  expect(await differences(api)).toEqual([]);
  await tamper();
  try {
    expect(await differences(api)).toEqual([...expected].sort());
  } finally {
    await restore();
  }
  expect(await differences(api)).toEqual([]);
}
