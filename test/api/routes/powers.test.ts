import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxApplicant } from "../../../seeds/registry";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { ifOpened } from "../../helpers/teardown";

describe("separation of powers through the API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const as = (h: Handle, r: Role = "admin") => api.as(h, r);
  const statusOn = async (h: Handle) => (await api.platform.ledger.participants.get(api.orgs[h].account)).status;

  it("when the operator suspends the regulator, then 403 PARTICIPANT_REGULATOR_RESERVED and the regulator stays active on the ledger", async () => {
    const res = await api.http().post(`/orgs/${api.orgs.regulator.id}/suspend`).set(await as("operator")).expect(403);
    expect(res.body).toMatchObject({ code: "PARTICIPANT_REGULATOR_RESERVED", status: 403 });
    expect(await statusOn("regulator")).toBe("active");
  });

  it("when the regulator gave an organisation its role on the ledger, then the operator cannot suspend that organisation either", async () => {
    const { ledger, accounts } = api.platform;
    await ledger.participants.grantRegulator(accounts.regulator, api.orgs.tier4.account);
    try {
      const res = await api.http().post(`/orgs/${api.orgs.tier4.id}/suspend`).set(await as("operator")).expect(403);
      expect(res.body.code).toBe("PARTICIPANT_REGULATOR_RESERVED");
      expect(await statusOn("tier4")).toBe("active");
    } finally {
      await ledger.participants.revokeRegulator(accounts.regulator, api.orgs.tier4.account);
    }
  });

  it("when the operator asks the ledger directly to make itself regulator, then the ledger refuses with PARTICIPANT_REGULATOR_RESERVED", async () => {
    const { ledger, accounts } = api.platform;
    await expect(ledger.participants.setRoles(accounts.operator, accounts.operator, ["operator", "regulator"])).rejects.toMatchObject({
      code: "PARTICIPANT_REGULATOR_RESERVED",
    });
    await expect(ledger.participants.suspend(accounts.operator, accounts.regulator)).rejects.toMatchObject({ code: "PARTICIPANT_REGULATOR_RESERVED" });
    expect((await ledger.participants.get(accounts.operator)).roles).toEqual(["operator"]);
  });

  it("when the platform runs, then the regulator's, the operator's and the settlement bank's keys are each sealed in a compartment of their own", async () => {
    const { vault, accounts } = api.platform;
    expect(await vault.compartmentOf(accounts.regulator)).toBe("regulator");
    expect(await vault.compartmentOf(accounts.operator)).toBe("operator");
    expect(await vault.compartmentOf(api.orgs["settlement-bank"].account)).toBe("settlement-bank");
    expect(await vault.compartmentOf(api.orgs.bank.account)).toBe("organisation");
  });

  it("when an application asking for the regulator's role reaches approval, then 403 PARTICIPANT_REGULATOR_RESERVED and nothing is registered", async () => {
    const applied = await api.http().post("/applications").send({
      name: sandboxApplicant(0).name,
      uscc: sandboxApplicant(0).uscc,
      kinds: ["regulator"],
      admin: { name: "冒", email: "admin@self-styled.example", password: "a long enough password" },
    });
    expect([applied.status, applied.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    const ok = await api.http().post("/applications").send({
      name: sandboxApplicant(0).name,
      uscc: sandboxApplicant(0).uscc,
      kinds: ["supplier"],
      admin: { name: "冒", email: "admin@self-styled.example", password: "a long enough password" },
    }).expect(201);
    // A row altered behind the API's back.
    await api.platform.db.prisma.application.update({ where: { id: ok.body.id }, data: { kinds: ["regulator"] } });
    const organisations = await api.platform.db.prisma.organisation.count();
    const res = await api.http().post(`/applications/${ok.body.id}/approve`).set(await as("operator")).expect(403);
    expect(res.body.code).toBe("PARTICIPANT_REGULATOR_RESERVED");
    expect(await api.platform.db.prisma.organisation.count()).toBe(organisations);
    expect((await api.http().get(`/applications/${ok.body.id}`).set(await as("operator")).expect(200)).body.status).toBe("pending");
  });
});
