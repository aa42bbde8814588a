/**
 * Warehouse fees (仓储费、监管费) through the API, against the real chain and indexer: the warehouse's tariff under its
 * dual control, a receipt's account opened, supervision while pledged, the owner's payment under its dual control,
 * the payment on delivery that closes the account, and the fee report per party.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningDevice } from "../../../scripts/iot/signing-device";
import { testApi, type Handle, type TestApi } from "../../helpers/api";
import { apiSteps, status } from "../../helpers/api-steps";
import { tamperingIsReported } from "../../helpers/reconciliation";
import { coverSteps } from "../../helpers/cover";
import { registeredDevice } from "../../helpers/iot";

let api: TestApi;
let scale: SigningDevice;
const steps = coverSteps(() => api);
const { as, proposeApprove } = steps;
const cash = (who: Handle) => steps.cash(who);
const { party } = apiSteps(() => api);

interface Account {
  receiptId: string;
  supervising: boolean;
  closed: boolean;
  storagePaid: string;
  supervisionPaid: string;
  due: { storage: string; supervision: string } | null;
}
interface Report {
  items: { party: { account: string }; fees: Record<string, string>; total: string }[];
}

const post = async (who: Handle, path: string, body?: object) => api.http().post(path).set(await as(who)).send(body);
const account = async (id: string, who: Handle = "warehouse") => (await api.http().get(`/fees/accounts/${id}`).set(await as(who)).then(status(200))).body as Account;
const report = async (who: Handle) => (await api.http().get("/fees/report").set(await as(who)).then(status(200))).body as Report;

beforeAll(async () => {
  api = await testApi();
  scale = await registeredDevice(api, "weighing-platform", "F-01");
  await steps.fund("bank", 10_000_000_00n);
  await steps.fund("tier1", 1_000_000_00n);
  await steps.pledgeTerms();
  await proposeApprove("operator", "put", "/pledges/fee", { feeBps: 50, recipientOrgId: api.orgs.operator.id });
}, 180_000);
afterAll(() => api.close());

describe("tariffs (the warehouse's maker proposes, its checker sets)", () => {
  it("when the warehouse sets a tariff, then everyone reads it; other kinds 403; a malformed one 400", async () => {
    expect(await proposeApprove("warehouse", "put", "/fees/tariffs/LI2CO3", { storagePerTonneDay: "1.00", supervisionPerTonneDay: "0.50" })).toMatchObject({
      warehouse: party("warehouse"),
      commodity: "LI2CO3",
      storagePerTonneDay: "1.00",
      supervisionPerTonneDay: "0.50",
    });
    const read = await api.http().get(`/fees/tariffs?warehouseOrgId=${api.orgs.warehouse.id}`).set(await as("tier1")).then(status(200));
    expect((read.body as { items: unknown[] }).items).toEqual([{ warehouse: party("warehouse"), commodity: "LI2CO3", storagePerTonneDay: "1.00", supervisionPerTonneDay: "0.50" }]);
    expect((await api.http().put("/fees/tariffs/LI2CO3").set(await as("tier1")).send({ storagePerTonneDay: "1.00", supervisionPerTonneDay: "0.00" })).status).toBe(403);
    expect((await api.http().put("/fees/tariffs/li").set(await as("warehouse")).send({ storagePerTonneDay: "1.00", supervisionPerTonneDay: "0.00" })).status).toBe(400);
    expect((await api.http().put("/fees/tariffs/CU").set(await as("warehouse")).send({ storagePerTonneDay: "-1", supervisionPerTonneDay: "0.00" })).status).toBe(400);
  });
});

describe("a receipt's fee account", () => {
  let receiptId: string;
  let loanId: string;

  it("when the warehouse opens it, then storage accrues; a second opening, a receipt without tariff, and others' calls are refused", async () => {
    receiptId = await steps.receipt(scale, "tier1", 10_000_000n);
    const copper = await steps.receipt(scale, "tier1", 1_000_000n, "CU");
    expect((await post("tier1", `/fees/accounts/${receiptId}/open`)).status).toBe(403);
    expect((await post("warehouse", "/fees/accounts/999999/open")).status).toBe(404);
    const noTariff = await post("warehouse", `/fees/accounts/${copper}/open`);
    expect([noTariff.status, noTariff.body.code]).toEqual([409, "FEE_NO_TARIFF"]);
    const opened = await post("warehouse", `/fees/accounts/${receiptId}/open`).then(status(200));
    expect(opened.body).toMatchObject({ receiptId, warehouse: party("warehouse"), owner: party("tier1"), storagePerTonneDay: "1.00", supervising: false, closed: false, due: { storage: "0.00", supervision: "0.00" } });
    const twice = await post("warehouse", `/fees/accounts/${receiptId}/open`);
    expect([twice.status, twice.body.code]).toEqual([409, "FEE_ACCOUNT_ALREADY_OPEN"]);
    const nothing = await post("tier1", `/fees/accounts/${receiptId}/pay`);
    expect([nothing.status, nothing.body.code]).toEqual([409, "FEE_NOTHING_DUE"]);
    const unopened = await post("tier1", `/fees/accounts/${copper}/pay`);
    expect([unopened.status, unopened.body.code]).toEqual([404, "NOT_FOUND"]); // no account to pay into; a closed one is 409 below
    const notPledged = await post("warehouse", `/fees/accounts/${receiptId}/supervision/start`);
    expect([notPledged.status, notPledged.body.code]).toEqual([409, "FEE_CANNOT_SUPERVISE"]);
    await proposeApprove("tier1", "post", `/receipts/${copper}/deliver`);
    const gone = await post("warehouse", `/fees/accounts/${copper}/open`);
    expect([gone.status, gone.body.code]).toEqual([409, "FEE_RECEIPT_NOT_HELD"]);
    for (const who of ["warehouse", "tier1", "regulator"] as Handle[]) expect((await account(receiptId, who)).receiptId).toBe(receiptId);
    for (const who of ["tier2", "bank"] as Handle[]) expect((await api.http().get(`/fees/accounts/${receiptId}`).set(await as(who))).status, who).toBe(404);
    const list = await api.http().get("/fees/accounts").set(await as("tier1")).then(status(200));
    expect((list.body as { items: Account[] }).items.map((a) => a.receiptId)).toEqual([receiptId]);
    expect(((await api.http().get("/fees/accounts").set(await as("tier2")).then(status(200))).body as { items: unknown[] }).items).toEqual([]);
  });

  it("when the receipt is pledged and supervised for two days, then the owner's checker pays both fees to the warehouse", async () => {
    const requested = await post("tier1", "/pledges", { receiptIds: [receiptId], bankOrgId: api.orgs.bank.id, amount: "100000.00", rateBps: 500, maturity: await steps.inDays(90) }).then(status(201));
    loanId = (requested.body as { id: string }).id;
    await proposeApprove("bank", "post", `/pledges/${loanId}/drawdown`);
    const started = await post("warehouse", `/fees/accounts/${receiptId}/supervision/start`).then(status(200));
    expect(started.body).toMatchObject({ supervising: true });
    const byOwner = await post("tier1", `/fees/accounts/${receiptId}/supervision/end`);
    expect([byOwner.status, byOwner.body.code]).toEqual([409, "FEE_CANNOT_END_SUPERVISION"]);
    await steps.advance(2);
    expect((await account(receiptId)).due).toEqual({ storage: "20.00", supervision: "10.00" });
    expect((await post("warehouse", `/fees/accounts/${receiptId}/pay`)).status).toBe(403);
    expect((await post("tier2", `/fees/accounts/${receiptId}/pay`)).status).toBe(404);
    const before = await cash("warehouse");
    const paid = await proposeApprove("tier1", "post", `/fees/accounts/${receiptId}/pay`);
    expect(paid).toMatchObject({ storagePaid: "20.00", supervisionPaid: "10.00", paid: { storage: "20.00", supervision: "10.00", closed: false } });
    expect((await cash("warehouse")) - before).toBe(30_00n);
  });

  it("when the loan is repaid, supervision ends and the goods are delivered, then the last payment closes the account", async () => {
    const due = ((await api.http().get(`/pledges/${loanId}`).set(await as("tier1")).then(status(200))).body as { due: { principal: string; interest: string } }).due;
    const fen = BigInt(due.principal.replace(".", "")) + BigInt(due.interest.replace(".", ""));
    await proposeApprove("tier1", "post", `/pledges/${loanId}/repay`, { amount: `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}` });
    expect((await post("tier2", `/fees/accounts/${receiptId}/supervision/end`)).status).toBe(404);
    await post("tier1", `/fees/accounts/${receiptId}/supervision/end`).then(status(200));
    const notRunning = await post("warehouse", `/fees/accounts/${receiptId}/supervision/end`);
    expect([notRunning.status, notRunning.body.code]).toEqual([409, "FEE_CANNOT_END_SUPERVISION"]);
    await steps.advance(1);
    await proposeApprove("tier1", "post", `/receipts/${receiptId}/deliver`);
    const closing = await proposeApprove("tier1", "post", `/fees/accounts/${receiptId}/pay`);
    expect(closing).toMatchObject({ closed: true, due: null, paid: { closed: true } });
    const after = await post("tier1", `/fees/accounts/${receiptId}/pay`);
    expect([after.status, after.body.code]).toEqual([409, "FEE_ACCOUNT_NOT_OPEN"]);
  });

  it("when the fee report is read, then the warehouse earned storage and supervision and the operator its pledge-loan fee; others see only their own row", async () => {
    const all = await report("regulator");
    const row = (h: Handle) => all.items.find((r) => r.party.account === api.orgs[h].account);
    const warehouse = row("warehouse");
    expect(warehouse?.fees).toMatchObject({ supervision: "10.00", pledgeLoan: "0.00" });
    expect(BigInt(warehouse!.fees.storage.replace(".", ""))).toBeGreaterThanOrEqual(30_00n);
    expect(row("operator")?.fees.pledgeLoan).toBe("500.00"); // 50 bp of ¥100,000
    const own = await report("warehouse");
    expect(own.items).toEqual([warehouse]);
    expect((await report("tier2")).items).toEqual([]);
  });
});

describe("the regulator's reconciliation, after every fee account above", () => {
  it("when the projection is left alone, then the fee accounts agree with the ledger; a changed one is reported", async () => {
    const prisma = api.platform.db.prisma;
    const account = await prisma.feeAccountState.findFirstOrThrow({ orderBy: { receiptId: "asc" } });
    await tamperingIsReported(
      api,
      () => prisma.feeAccountState.update({ where: { receiptId: account.receiptId }, data: { supervising: !account.supervising, storageFenPerTonneDay: { increment: 1n } } }),
      () => prisma.feeAccountState.update({ where: { receiptId: account.receiptId }, data: { supervising: account.supervising, storageFenPerTonneDay: account.storageFenPerTonneDay } }),
      [`feeAccount:${account.receiptId}:supervising`, `feeAccount:${account.receiptId}:storageFenPerTonneDay`],
    );
  });
});
