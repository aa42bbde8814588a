import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usccCheckCharacter } from "../../../api/src/onboarding/uscc";
import { testApi, type TestApi } from "../../helpers/api";
import { ifOpened } from "../../helpers/teardown";

const uscc = (first17: string) => first17 + usccCheckCharacter(first17);

describe("onboarding through the API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 120_000);
  afterAll(() => ifOpened(api)?.close());

  const application = (code: string, email: string) => ({
    name: "赣州稀土物流合作社",
    nameEn: "Ganzhou Rare Earth Logistics Cooperative",
    uscc: code,
    kinds: ["supplier"],
    admin: { name: "刘管理", email, password: "a long enough password" },
  });

  it("when an organisation applies and the operator approves, then it exists, is active on the ledger, and its admin can sign in", async () => {
    const code = uscc("93360700MA7WLC001");
    const applied = await api.http().post("/applications").send(application(code, "admin@wl.example")).expect(201);
    expect(applied.body).toMatchObject({ status: "pending", uscc: code, admin: { email: "admin@wl.example" } });
    const approved = await api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin")).expect(200);
    expect(approved.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const org = await api.http().get(`/orgs/${approved.body.organisationId}`).set(await api.as("tier1")).expect(200);
    expect(org.body).toMatchObject({ uscc: code, status: "active", kinds: ["supplier"] });
    const participant = await api.platform.ledger.participants.get(approved.body.account);
    expect(participant.roles).toEqual(["supplier"]);
    const login = await api.http().post("/auth/login").send({ email: "admin@wl.example", password: "a long enough password" }).expect(200);
    const me = await api.http().get("/me").set({ Authorization: `Bearer ${login.body.accessToken}` }).expect(200);
    expect(me.body).toMatchObject({ role: "admin", organisation: { id: approved.body.organisationId } });
  });

  it("when the USCC's check character is wrong, then 400 USCC_INVALID and nothing is stored", async () => {
    const good = uscc("93360700MA7WLC002");
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const res = await api.http().post("/applications").send(application(bad, "x@wl.example")).expect(400);
    expect(res.body.code).toBe("USCC_INVALID");
    const list = await api.http().get("/applications").set(await api.as("operator", "admin")).expect(200);
    expect(list.body.items.map((a: { uscc: string }) => a.uscc)).not.toContain(bad);
  });

  it("when a USCC already registered applies again, then 409 USCC_TAKEN", async () => {
    const res = await api.http().post("/applications").send(application(api.orgs.tier1.uscc, "y@wl.example")).expect(409);
    expect(res.body.code).toBe("USCC_TAKEN");
  });

  it("when two operators approve the same application at once, then one registers it and the other gets 409", async () => {
    const applied = await api.http().post("/applications").send(application(uscc("93360700MA7WLC003"), "z@wl.example")).expect(201);
    const [a, b] = await Promise.all([
      api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin")),
      api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "checker")),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it("when the audit log is verified after these mutations, then the hash chain is intact", async () => {
    const v = await api.server.services.audit.verify();
    expect(v.valid).toBe(true);
    expect(v.entries).toBeGreaterThan(3);
  });
});
