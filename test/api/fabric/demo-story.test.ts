/**
 * `npm run demo`'s story, step for step, through HTTP against the platform started with SCF_LEDGER=fabric on the
 * gateway test server (the peer's test double). One step cannot run as written: the ledger's clock moves only on the
 * embedded chain, so the platform refuses POST /clock/advance, and maturity is reached instead by moving the
 * process's Date, which stamps the proposals (vitest's fake Date, advancing with real time).
 */
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PlatformClient, ProblemError } from "../../../scripts/demo/client";
import { FACE_VALUE, fen, newState, STEPS, summary, type StoryContext } from "../../../scripts/demo/story";
import { DEMO_PASSWORD } from "../../../seeds/load";
import { ignore } from "../../helpers/quiet";
import { ifOpened } from "../../helpers/teardown";
import { fabricPlatform, type FabricPlatform } from "../../fabric/support/fabric-platform";

const at = (prefix: string) => {
  const i = STEPS.findIndex((s) => s.title.startsWith(prefix));
  if (i < 0) throw new Error(`The demo has no step "${prefix}…"`);
  return i;
};
const TRAVEL = at("Time travels");
const RECONCILE = at("The regulator reconciles");

let f: FabricPlatform;
let listener: HttpServer;
let ctx: StoryContext;

beforeAll(async () => {
  f = await fabricPlatform();
  listener = f.api.server.app.listen(0);
  await new Promise((r) => listener.once("listening", r));
  ctx = {
    client: new PlatformClient({ baseUrl: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`, password: DEMO_PASSWORD }),
    state: newState(),
    log: ignore,
  };
}, 300_000);
afterAll(async () => {
  vi.useRealTimers();
  ifOpened(listener)?.close();
  await ifOpened(f)?.close();
});

describe("the demo's story on the Fabric ledger", () => {
  it("when the story runs from onboarding to the maturity's funding, then every step succeeds as on the embedded chain", async () => {
    for (const step of STEPS.slice(0, TRAVEL)) await step.run(ctx);
    expect(ctx.state.financings.length).toBeGreaterThan(0);
    expect(ctx.state.maturity).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.api.errors).toEqual([]);
  }, 600_000);

  it("when the operator asks to move the clock, then the platform refuses it: the proposals' own time is no one's to move", async () => {
    const operator = ctx.client.as(f.api.orgs.operator.users.find((u) => u.role === "maker")!.email);
    const refused = await operator.post("/clock/advance", { days: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ProblemError);
    const problem = refused as ProblemError;
    expect([problem.status, problem.code]).toEqual([409, "CLOCK_FIXED"]);
  });

  it("when the day of maturity comes, then settlement pays every holder, and the regulator's reconciliation finds no difference", async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(`${ctx.state.maturity}T00:01:00+08:00`));
    for (const step of STEPS.slice(TRAVEL + 1, RECONCILE + 1)) await step.run(ctx);
    expect(ctx.state.reconciliation).toMatchObject({ consistent: true, differenceCount: 0 });
    // Every holder's cash grew by what the settlement paid it; together, the whole face value the core funded.
    const paid = ctx.state.payouts!.reduce((sum, p) => sum + fen(p.amount), 0n);
    expect(paid).toBe(fen(FACE_VALUE));
    const { cashBefore, cashAfter } = ctx.state;
    const grew = Object.entries(cashAfter).map(([h, after]) => fen(after) - fen(cashBefore[h]));
    expect(grew.reduce((a, b) => a + b, 0n)).toBe(paid);
    expect(await summary(ctx)).toContain("Paid at maturity sums to the face value: yes");
    expect(f.api.errors).toEqual([]);
  }, 600_000);
});
