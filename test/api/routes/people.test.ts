/**
 * Dual control is between two people, not two credentials: an API key acts for a named user, a key's user can
 * never approve what the same user proposed, and who may act for an organisation (its users and their roles)
 * changes only with two people as well.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCstDay } from "../../../api/src/http/cst-day";
import { sandboxApplicant } from "../../../seeds/registry";
import { testApi, type Handle, type Role, type TestApi } from "../../helpers/api";
import { digitalNo, status } from "../../helpers/api-steps";
import { cstMidnightIn } from "../../helpers/ledger-story";
import { ifOpened } from "../../helpers/teardown";

describe("dual control between people", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
    // The default program rules require issuance to be covered by open credit lines.
    const l = api.platform.ledger;
    const r = await l.creditLines.grant(api.orgs.bank.account, api.orgs.core.account, 50_000_000_00n, new Date((await l.clock.now()).getTime() + 300 * 86_400_000));
    await api.platform.indexer.waitFor(r.blockNumber);
  }, 180_000);
  afterAll(() => ifOpened(api)?.close());

  const as = (h: Handle, role: Role = "maker") => api.as(h, role);
  const http = () => api.http();
  const userIdOf = async (h: Handle, role: Role) =>
    ((await http().get(`/orgs/${api.orgs[h].id}/users`).set(await as(h, "admin")).then(status(200))).body.items as { id: string; role: string }[]).find((u) => u.role === role)!.id;
  const keyFor = async (h: Handle, userId: string, role: "maker" | "checker") =>
    http().post(`/orgs/${api.orgs[h].id}/api-keys`).set(await as(h, "admin")).send({ name: `${role} key`, role, userId });
  const apiKey = (key: string) => ({ Authorization: `ApiKey ${key}` });
  const approve = async (id: string, auth: { Authorization: string }) => http().post(`/approvals/${id}/approve`).set(auth);

  /** A voucher proposal of the core enterprise, backed by tier 1's confirmed invoice. */
  async function proposeVoucher(auth: { Authorization: string }): Promise<string> {
    const inv = await http().post("/invoices").set(await as("tier1")).send({ kind: "digital", number: digitalNo(), buyerOrgId: api.orgs.core.id, amount: "1000.00", tax: "0.00", issueDate: "2026-12-01" }).then(status(201));
    await http().post(`/invoices/${inv.body.id}/confirm`).set(await as("core")).then(status(200));
    const maturity = formatCstDay(await cstMidnightIn(api.platform.ledger, 60));
    const p = await http().post("/vouchers").set(auth).send({ supplierOrgId: api.orgs.tier1.id, amount: "1000.00", maturity, invoiceIds: [inv.body.id] }).then(status(202));
    return p.body.id as string;
  }

  it("when one person holds a maker key and then a checker key, then the voucher they proposed cannot be approved by them (403 SAME_USER) and issues only when another checker approves", async () => {
    const maker = await userIdOf("core", "maker");
    const makerKey = (await keyFor("core", maker, "maker").then(status(201))).body.key as string;
    // A key can do no more than its person: the maker cannot be given a checker key.
    expect((await keyFor("core", maker, "checker").then(status(422))).body.code).toBe("API_KEY_ROLE_NOT_HELD");
    const action = await proposeVoucher(apiKey(makerKey));
    expect((await http().get(`/approvals/${action}`).set(await as("core", "checker")).then(status(200))).body.makerId).toBe(maker);

    // The same person moved to checker (an admin proposes it, another checker approves) and given a checker key.
    const move = await http().put(`/orgs/${api.orgs.core.id}/users/${maker}/role`).set(await as("core", "admin")).send({ role: "checker" }).then(status(202));
    await approve(move.body.id, await as("core", "checker")).then(status(200));
    expect((await http().get("/me").set(apiKey(makerKey)).then(status(401))).body.code).toBe("TOKEN_INVALID");
    const checkerKey = (await keyFor("core", maker, "checker").then(status(201))).body.key as string;

    const same = await approve(action, apiKey(checkerKey)).then(status(403));
    expect(same.body.code).toBe("SAME_USER");
    expect((await http().get(`/approvals/${action}`).set(await as("core", "checker")).then(status(200))).body.status).toBe("pending");
    const done = await approve(action, await as("core", "checker")).then(status(200));
    expect(done.body).toMatchObject({ status: "approved", checkerId: await userIdOf("core", "checker") });

    // Back to maker, so that the rest of the file finds the cast as seeded.
    const back = await http().put(`/orgs/${api.orgs.core.id}/users/${maker}/role`).set(await as("core", "admin")).send({ role: "maker" }).then(status(202));
    await approve(back.body.id, await as("core", "checker")).then(status(200));
  });

  it("when an API key names a user of another organisation, a disabled user, or no user, then 404, 422 and 400; when its user is disabled, then the key stops", async () => {
    expect((await keyFor("bank", await userIdOf("bank2", "maker"), "maker").then(status(404))).body.code).toBe("NOT_FOUND");
    const missing = await http().post(`/orgs/${api.orgs.bank.id}/api-keys`).set(await as("bank", "admin")).send({ name: "k", role: "maker" }).then(status(400));
    expect(missing.body.code).toBe("VALIDATION_FAILED");

    const admin = await as("bank", "admin");
    const added = await http().post(`/orgs/${api.orgs.bank.id}/users`).set(admin).send({ email: "erp-owner@ganpo-bank.example", name: "系统", role: "maker", password: "a long enough password" }).then(status(202));
    expect(added.body).toMatchObject({ kind: "user.add", status: "pending" });
    expect(JSON.stringify(added.body)).not.toMatch(/password|scrypt/i);
    // Proposed, not yet approved: the user cannot sign in, nor be given a key.
    const pendingLogin = await http().post("/auth/login").send({ email: "erp-owner@ganpo-bank.example", password: "a long enough password" }).then(status(401));
    expect(pendingLogin.body.code).toBe("CREDENTIALS_INVALID");
    const userId = added.body.payload.user.id as string;
    expect((await keyFor("bank", userId, "maker").then(status(422))).body.code).toBe("USER_DISABLED");
    await approve(added.body.id, await as("bank", "checker")).then(status(200));

    const key = (await keyFor("bank", userId, "maker").then(status(201))).body.key as string;
    await http().get("/me").set(apiKey(key)).then(status(200));
    const disable = await http().post(`/orgs/${api.orgs.bank.id}/users/${userId}/disable`).set(admin).then(status(202));
    await approve(disable.body.id, await as("bank", "checker")).then(status(200));
    expect((await http().get("/me").set(apiKey(key)).then(status(401))).body.code).toBe("TOKEN_INVALID");
  });

  it("when an admin proposes user changes, then nothing changes until a checker approves; a maker cannot propose, the admin cannot approve, a rejection frees the email", async () => {
    const admin = await as("tier3", "admin");
    const org = api.orgs.tier3.id;
    const body = { email: "second-maker@yifeng-lithium.example", name: "第二", role: "maker", password: "a long enough password" };
    expect((await http().post(`/orgs/${org}/users`).set(await as("tier3", "maker")).send(body).then(status(403))).body.code).toBe("FORBIDDEN");
    const proposed = await http().post(`/orgs/${org}/users`).set(admin).send(body).then(status(202));
    expect((await http().post(`/orgs/${org}/users`).set(admin).send(body).then(status(409))).body.code).toBe("EMAIL_TAKEN");
    expect((await approve(proposed.body.id, admin).then(status(403))).body.code).toBe("FORBIDDEN");
    await http().post(`/approvals/${proposed.body.id}/reject`).set(await as("tier3", "checker")).send({ note: "wrong person" }).then(status(200));
    const again = await http().post(`/orgs/${org}/users`).set(admin).send(body).then(status(202));
    await approve(again.body.id, await as("tier3", "checker")).then(status(200));
    await http().post("/auth/login").send({ email: body.email, password: body.password }).then(status(200));

    const self = await userIdOf("tier3", "admin");
    expect((await http().put(`/orgs/${org}/users/${self}/role`).set(admin).send({ role: "checker" }).then(status(403))).body.code).toBe("FORBIDDEN");
    expect((await http().put(`/orgs/${org}/users/${await userIdOf("tier2", "maker")}/role`).set(admin).send({ role: "checker" }).then(status(404))).body.code).toBe("NOT_FOUND");
  });

  it("when a new organisation has only its admin, then the admin appoints the first checker alone, and from then on needs it", async () => {
    const applicant = sandboxApplicant(0);
    const app = await http().post("/applications").send({ name: applicant.name, uscc: applicant.uscc, kinds: ["supplier"], admin: { name: "管", email: "admin@people.example", password: "a long enough password" } }).then(status(201));
    const approved = await http().post(`/applications/${app.body.id}/approve`).set(await as("operator", "admin")).then(status(200));
    const org = approved.body.organisationId as string;
    const session = async (email: string) => ({ Authorization: `Bearer ${(await http().post("/auth/login").send({ email, password: "a long enough password" }).then(status(200))).body.accessToken}` });
    const admin = await session("admin@people.example");
    const first = await http().post(`/orgs/${org}/users`).set(admin).send({ email: "checker@people.example", name: "复核", role: "checker", password: "a long enough password" }).then(status(202));
    expect(first.body).toMatchObject({ status: "approved", result: { user: { role: "checker", disabled: false } } });
    const second = await http().post(`/orgs/${org}/users`).set(admin).send({ email: "maker@people.example", name: "录入", role: "maker", password: "a long enough password" }).then(status(202));
    expect(second.body.status).toBe("pending");
    await approve(second.body.id, await session("checker@people.example")).then(status(200));
    await session("maker@people.example");
  });
});
