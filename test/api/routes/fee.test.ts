import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApi, type TestApi } from "../../helpers/api";
import { txId } from "../../helpers/either-ledger";
import { ifOpened } from "../../helpers/teardown";

describe("the platform's financing fee", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  /** The operator's maker proposes, its checker approves. */
  async function setFee(body: { feeBps: number; recipientOrgId: string }) {
    const proposed = await api.http().put("/financing/fee").set(await api.as("operator", "maker")).send(body).expect(202);
    return api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("operator", "checker"));
  }

  it("when the operator's maker proposes a fee, then nothing changes until a different checker approves; then everyone reads it and the ledger holds it", async () => {
    const before = await api.platform.ledger.financing.fee();
    const proposed = await api.http().put("/financing/fee").set(await api.as("operator", "maker")).send({ feeBps: 25, recipientOrgId: api.orgs.operator.id }).expect(202);
    expect(proposed.body).toMatchObject({ kind: "fee.set", status: "pending", payload: { feeBps: 25, recipient: { id: api.orgs.operator.id } } });
    expect(await api.platform.ledger.financing.fee()).toEqual(before);
    const self = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("operator", "maker")).expect(403);
    expect(self.body.code).toBe("FORBIDDEN");
    const res = await api.http().post(`/approvals/${proposed.body.id}/approve`).set(await api.as("operator", "checker")).expect(200);
    expect(res.body.result).toMatchObject({ feeBps: 25, recipient: { id: api.orgs.operator.id }, txHash: txId(api) });
    const read = await api.http().get("/financing/fee").set(await api.as("tier4")).expect(200);
    expect(read.body).toMatchObject({ feeBps: 25, recipient: { id: api.orgs.operator.id, account: api.orgs.operator.account } });
    expect(await api.platform.ledger.financing.fee()).toEqual({ feeBps: 25, recipient: api.orgs.operator.account });
  });

  it("when anyone but the operator's maker proposes it (its admin and checker included), then 403 and the fee is unchanged", async () => {
    for (const [h, r] of [["bank", "maker"], ["regulator", "admin"], ["operator", "admin"], ["operator", "checker"]] as const) {
      const res = await api.http().put("/financing/fee").set(await api.as(h, r)).send({ feeBps: 99, recipientOrgId: api.orgs.operator.id }).expect(403);
      expect(res.body.code).toBe("FORBIDDEN");
    }
    expect((await api.platform.ledger.financing.fee()).feeBps).toBe(25);
  });

  it("when the fee is out of range, not an integer, or paid to a non-operator, then 400, 404 at once or the ledger's refusal at approval, and nothing changes", async () => {
    const op = await api.as("operator", "maker");
    for (const feeBps of [1001, -1, 2.5, "10"]) {
      const res = await api.http().put("/financing/fee").set(op).send({ feeBps, recipientOrgId: api.orgs.operator.id }).expect(400);
      expect(res.body.code).toBe("VALIDATION_FAILED");
    }
    const toBank = await setFee({ feeBps: 10, recipientOrgId: api.orgs.bank.id });
    expect(toBank.status).toBe(422);
    expect(toBank.body.code).toMatch(/^FINANCING_/);
    const unknown = await api.http().put("/financing/fee").set(op).send({ feeBps: 10, recipientOrgId: "00000000-0000-4000-8000-000000000000" }).expect(404);
    expect(unknown.body.code).toBe("NOT_FOUND");
    expect(await api.platform.ledger.financing.fee()).toEqual({ feeBps: 25, recipient: api.orgs.operator.account });
  });
});
