/**
 * A suspended or frozen organisation acts nowhere: not on the ledger (the contracts refuse it) and not off it
 * (the route pipeline refuses its users and keys before any handler runs). The operator and the regulator keep
 * reading everything about it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../seeds/load";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { digitalNo, status } from "../../helpers/api-steps";
import { ifOpened } from "../../helpers/teardown";

describe("suspended and frozen organisations", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const as = (h: Handle, role: Role = "maker") => api.as(h, role);
  const emailOf = (h: Handle, role: Role) => api.orgs[h].users.find((u) => u.role === role)!.email;
  const login = (h: Handle, role: Role = "maker") => api.http().post("/auth/login").send({ email: emailOf(h, role), password: DEMO_PASSWORD });
  const change = async (h: Handle, to: "suspend" | "reinstate" | "freeze" | "unfreeze") =>
    api.http().post(`/orgs/${api.orgs[h].id}/${to}`).set(await as(to.endsWith("freeze") ? "regulator" : "operator", "admin")).then(status(200));

  it("when a supplier is suspended, then its users cannot sign in, refresh, submit invoices, ask for financing, create API keys or read; reinstated, they can", async () => {
    const session = (await login("tier2").then(status(200))).body as { refreshToken: string };
    const maker = await as("tier2");
    const admin = await as("tier2", "admin");
    const tier2 = api.orgs.tier2.id;
    const makerId = (await api.http().get(`/orgs/${tier2}/users`).set(admin).then(status(200))).body.items.find((u: { role: string }) => u.role === "maker").id as string;
    const key = (await api.http().post(`/orgs/${tier2}/api-keys`).set(admin).send({ name: "erp", role: "maker", userId: makerId }).then(status(201))).body.key as string;
    const invoice = { kind: "digital", number: digitalNo(), buyerOrgId: api.orgs.tier1.id, amount: "1000.00", tax: "0.00", issueDate: "2026-12-01" };
    const invoicesBefore = await api.platform.db.prisma.invoiceRecord.count();
    await change("tier2", "suspend");
    try {
      const refused = [
        await login("tier2"),
        await login("tier2", "admin"),
        await api.http().post("/auth/refresh").send({ refreshToken: session.refreshToken }),
        await api.http().post("/invoices").set(maker).send(invoice),
        await api.http().post("/invoices").set({ Authorization: `ApiKey ${key}` }).send(invoice),
        await api.http().post("/financing/requests").set(maker).send({ voucherId: "1", amount: "1.00" }),
        await api.http().post(`/orgs/${tier2}/api-keys`).set(admin).send({ name: "another", role: "maker", userId: makerId }),
        await api.http().get("/cash/balance").set(maker),
        await api.http().get(`/orgs/${tier2}`).set(maker),
      ];
      expect(refused.map((r) => `${r.status} ${r.body.code}`)).toEqual(refused.map(() => "403 ORGANISATION_SUSPENDED"));
      expect(await api.platform.db.prisma.invoiceRecord.count()).toBe(invoicesBefore);
      expect((await api.http().get(`/orgs/${tier2}/api-keys`).set(await as("tier1", "admin")).then(status(404))).body.code).toBe("NOT_FOUND");
      // The platform still sees it, and the rest of the chain still works.
      expect((await api.http().get(`/orgs/${tier2}`).set(await as("regulator", "admin")).then(status(200))).body.status).toBe("suspended");
      expect((await api.http().get(`/orgs/${tier2}`).set(await as("operator", "maker")).then(status(200))).body.status).toBe("suspended");
      await api.http().get("/cash/balance").set(await as("tier1")).then(status(200));
    } finally {
      await change("tier2", "reinstate");
    }
    await login("tier2").then(status(200));
    await api.http().post("/invoices").set({ Authorization: `ApiKey ${key}` }).send(invoice).then(status(201));
  });

  it("when a bank is frozen, then it cannot quote or sign in, while the regulator reads its record; unfrozen, it can", async () => {
    const maker = await as("bank2");
    await change("bank2", "freeze");
    try {
      const quote = await api.http().post("/financing/requests/00000000-0000-4000-8000-000000000000/quotes").set(maker).send({ rateBps: 400 });
      expect([quote.status, quote.body.code]).toEqual([403, "ORGANISATION_FROZEN"]);
      expect(quote.headers["content-type"]).toMatch(/^application\/problem\+json/);
      const signIn = await login("bank2", "checker");
      expect([signIn.status, signIn.body.code]).toEqual([403, "ORGANISATION_FROZEN"]);
      expect((await api.http().get(`/orgs/${api.orgs.bank2.id}`).set(await as("regulator", "admin")).then(status(200))).body.status).toBe("frozen");
    } finally {
      await change("bank2", "unfreeze");
    }
    // Unfrozen, the same token works again: the quote now reaches the marketplace, which does not know the request.
    expect((await api.http().post("/financing/requests/00000000-0000-4000-8000-000000000000/quotes").set(maker).send({ rateBps: 400 }).then(status(404))).body.code).toBe("NOT_FOUND");
  });

  it("when an organisation is suspended, then a wrong password is still the same 401 as for anyone", async () => {
    await change("tier4", "suspend");
    try {
      const wrong = await api.http().post("/auth/login").send({ email: emailOf("tier4", "maker"), password: "not the password" });
      expect([wrong.status, wrong.body.code]).toEqual([401, "CREDENTIALS_INVALID"]);
    } finally {
      await change("tier4", "reinstate");
    }
  });
});
