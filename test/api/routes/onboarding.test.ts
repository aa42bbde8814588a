import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usccCheckCharacter } from "../../../api/src/onboarding/uscc";
import { REGISTRY_CASES, SANDBOX_APPLICANTS, sandboxApplicant } from "../../../seeds/registry";
import { txIdPattern } from "../../helpers/either-ledger";
import { testApi, type TestApi } from "../../helpers/api";
import { ifOpened } from "../../helpers/teardown";
import { OutageSwitch } from "../../helpers/verifier-outage";

const uscc = (n: number) => sandboxApplicant(n).uscc;

describe("onboarding through the API", () => {
  let api: TestApi;
  const outage = new OutageSwitch();
  beforeAll(async () => {
    api = await testApi({ verifiers: outage.verifiers() });
  }, 120_000);
  afterAll(() => ifOpened(api)?.close());

  // The registered name of a sandbox applicant; a made-up one for codes the tests expect refused before the registry.
  const application = (code: string, email: string, name = SANDBOX_APPLICANTS.find((a) => a.uscc === code)?.name ?? "赣州稀土物流合作社") => ({
    name,
    nameEn: "Ganzhou Rare Earth Logistics Cooperative",
    uscc: code,
    kinds: ["supplier"],
    admin: { name: "刘管理", email, password: "a long enough password" },
  });

  it("when an organisation applies and the operator approves, then it exists, is active on the ledger, and its admin can sign in", async () => {
    const code = uscc(1);
    const applied = await api.http().post("/applications").send(application(code, "admin@wl.example")).expect(201);
    expect(applied.body).toMatchObject({ status: "pending", uscc: code, admin: { email: "admin@wl.example" } });
    const approved = await api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin")).expect(200);
    expect(approved.body.txHash).toMatch(txIdPattern(api));
    const org = await api.http().get(`/orgs/${approved.body.organisationId}`).set(await api.as("tier1")).expect(200);
    expect(org.body).toMatchObject({ uscc: code, status: "active", kinds: ["supplier"] });
    const participant = await api.platform.ledger.participants.get(approved.body.account);
    expect(participant.roles).toEqual(["supplier"]);
    const login = await api.http().post("/auth/login").send({ email: "admin@wl.example", password: "a long enough password" }).expect(200);
    const me = await api.http().get("/me").set({ Authorization: `Bearer ${login.body.accessToken}` }).expect(200);
    expect(me.body).toMatchObject({ role: "admin", organisation: { id: approved.body.organisationId } });
  });

  it("when the USCC's check character is wrong, then 400 USCC_INVALID and nothing is stored", async () => {
    const good = uscc(2);
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
    const applied = await api.http().post("/applications").send(application(uscc(3), "z@wl.example")).expect(201);
    const [a, b] = await Promise.all([
      api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin")),
      api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "checker")),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it("when 30 applications with one USCC race, then exactly one is accepted, the rest get 409 USCC_TAKEN, and one live application holds it", async () => {
    const code = uscc(4);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => api.http().post("/applications").send(application(code, `race${i}@wl.example`))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual(Array(29).fill([409, "USCC_TAKEN"]));
    expect(await api.platform.db.prisma.application.count({ where: { uscc: code } })).toBe(1);
    expect(api.errors).toEqual([]);

    // Once rejected, the USCC is free to apply with again.
    const winner = results.find((r) => r.status === 201)!.body;
    await api.http().post(`/applications/${winner.id}/reject`).set(await api.as("operator", "admin")).send({ note: "documents missing" }).expect(200);
    await api.http().post("/applications").send(application(code, "race-again@wl.example")).expect(201);
  });

  it("when an applicant gives the email of an existing account, then the application is accepted like any other, and approving it is refused with 409 EMAIL_TAKEN", async () => {
    const taken = api.orgs.tier2.users[0].email;
    const fresh = await api.http().post("/applications").send(application(uscc(5), "nobody-yet@wl.example")).expect(201);
    const existing = await api.http().post("/applications").send(application(uscc(6), taken)).expect(201);
    // Nothing in the answer tells the applicant the email is known: same fields, same status.
    expect(Object.keys(existing.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(existing.body).toMatchObject({ status: "pending", admin: { email: taken }, reviewNote: null });

    const refused = await api.http().post(`/applications/${existing.body.id}/approve`).set(await api.as("operator", "admin"));
    expect([refused.status, refused.body.code]).toEqual([409, "EMAIL_TAKEN"]);
    // Nothing was created; the operator can still reject it with a note.
    expect(await api.platform.db.prisma.organisation.count({ where: { uscc: existing.body.uscc } })).toBe(0);
    const after = await api.http().get(`/applications/${existing.body.id}`).set(await api.as("operator", "admin")).expect(200);
    expect(after.body).toMatchObject({ status: "pending", organisationId: null });
    await api.http().post(`/applications/${existing.body.id}/reject`).set(await api.as("operator", "admin")).send({ note: "use another email" }).expect(200);
    expect(api.errors).toEqual([]);
  });

  it("when two pending applications name one admin email and both are approved at once, then one registers and the other gets 409 EMAIL_TAKEN, never a 500", async () => {
    const a = await api.http().post("/applications").send(application(uscc(7), "twice@wl.example")).expect(201);
    const b = await api.http().post("/applications").send(application(uscc(8), "twice@wl.example")).expect(201);
    const [ra, rb] = await Promise.all([
      api.http().post(`/applications/${a.body.id}/approve`).set(await api.as("operator", "admin")),
      api.http().post(`/applications/${b.body.id}/approve`).set(await api.as("operator", "checker")),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    expect([ra, rb].find((r) => r.status === 409)!.body.code).toBe("EMAIL_TAKEN");
    expect(await api.platform.db.prisma.user.count({ where: { email: "twice@wl.example" } })).toBe(1);
    expect(await api.platform.db.prisma.application.count({ where: { id: { in: [a.body.id, b.body.id] }, status: "pending" } })).toBe(1);
    expect(api.errors).toEqual([]);
  });

  it("when an organisation got the USCC of a pending application meanwhile, then approving it is 409 USCC_TAKEN, never a 500, and the application stays pending", async () => {
    const code = uscc(9);
    const applied = await api.http().post("/applications").send(application(code, "late@wl.example")).expect(201);
    // An organisation recorded outside onboarding (as the platform's own are) with the same code.
    await api.platform.db.prisma.organisation.create({
      data: { name: "另一个合作社", uscc: code, kinds: ["supplier"], roles: ["supplier"], account: `0x${"ab".repeat(20)}`, sealedKey: "not a key" },
    });
    const res = await api.http().post(`/applications/${applied.body.id}/approve`).set(await api.as("operator", "admin"));
    expect([res.status, res.body.code]).toEqual([409, "USCC_TAKEN"]);
    const after = await api.http().get(`/applications/${applied.body.id}`).set(await api.as("operator", "admin")).expect(200);
    expect(after.body).toMatchObject({ status: "pending", organisationId: null });
    expect(api.errors).toEqual([]);
  });

  it("when the audit log is verified after these mutations, then the hash chain is intact", async () => {
    const v = await api.server.services.audit.verify();
    expect(v.valid).toBe(true);
    expect(v.entries).toBeGreaterThan(3);
  });

  describe("the business registry", () => {
    it.each([
      ["not registered", { uscc: `91360100MA0000000${usccCheckCharacter("91360100MA0000000")}`, name: "查无此企业有限公司" }, "USCC_NOT_REGISTERED"],
      ["revoked (吊销)", REGISTRY_CASES.revoked, "USCC_REVOKED"],
      ["cancelled (注销)", REGISTRY_CASES.cancelled, "USCC_CANCELLED"],
    ])("when the registry has the USCC as %s, then 422 with its own code and no application is stored", async (_what, who, code) => {
      const body = application(who.uscc, "refused@wl.example", who.name);
      const res = await api.http().post("/applications").send(body);
      expect([res.status, res.body.code]).toEqual([422, code]);
      expect(await api.platform.db.prisma.application.count({ where: { uscc: who.uscc } })).toBe(0);
    });

    it("when the name is not the registered one, then 422 REGISTERED_NAME_MISMATCH naming the registered name; full-width brackets and spaces do not count as a difference", async () => {
      const who = REGISTRY_CASES.registeredUnderItsOwnName;
      const res = await api.http().post("/applications").send(application(who.uscc, "other@wl.example", "赣州章贡稀土有限公司")).expect(422);
      expect(res.body).toMatchObject({ code: "REGISTERED_NAME_MISMATCH", detail: expect.stringContaining(who.name) as unknown });
      const applicant = sandboxApplicant(20);
      const halfWidth = applicant.name.replace("（", " (").replace("）", ")");
      expect(halfWidth).not.toBe(applicant.name);
      await api.http().post("/applications").send(application(applicant.uscc, "brackets@wl.example", halfWidth)).expect(201);
    });

    it("when the operator reads an application, then the registry's record is beside it, capital in yuan", async () => {
      const applicant = sandboxApplicant(21);
      const applied = await api.http().post("/applications").send(application(applicant.uscc, "record@wl.example")).expect(201);
      const read = await api.http().get(`/applications/${applied.body.id}`).set(await api.as("operator", "admin")).expect(200);
      expect(read.body.registry).toEqual({
        status: "found",
        record: { uscc: applicant.uscc, name: applicant.name, legalRepresentative: "刘管理", registeredCapital: expect.stringMatching(/^\d+\.\d{2}$/) as unknown, establishedOn: "2022-01-10", status: "active" },
      });
      outage.down = true;
      try {
        const blind = await api.http().get(`/applications/${applied.body.id}`).set(await api.as("operator", "admin")).expect(200);
        expect(blind.body.registry).toEqual({ status: "unavailable", record: null });
      } finally {
        outage.down = false;
      }
    });

    it("when the registry does not answer, then 503 VERIFIER_UNAVAILABLE and nothing is stored; once it answers the same application goes in", async () => {
      const applicant = sandboxApplicant(22);
      outage.down = true;
      try {
        const res = await api.http().post("/applications").send(application(applicant.uscc, "outage@wl.example")).expect(503);
        expect(res.body).toMatchObject({ code: "VERIFIER_UNAVAILABLE", status: 503 });
        expect(await api.platform.db.prisma.application.count({ where: { uscc: applicant.uscc } })).toBe(0);
      } finally {
        outage.down = false;
      }
      await api.http().post("/applications").send(application(applicant.uscc, "outage@wl.example")).expect(201);
    });
  });
});
