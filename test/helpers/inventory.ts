/** Steps the inventory-pledge route tests share: weighed receipts, posted prices, proposals approved by a checker. */
import { createHash } from "node:crypto";
import type { SigningDevice } from "../../scripts/iot/signing-device";
import type { Handle, Role, TestApi } from "./api";
import { status } from "./api-steps";
import { sendReadings } from "./iot";

export const TONNE = 1_000_000n;
let serial = 0;
/** A fresh salted commitment to a receipt document. */
export const documentHash = (): string => `0x${createHash("sha256").update(`document-${process.pid}-${++serial}-${Date.now()}`).digest("hex")}`;
export const freshInbound = (): string => `IN-${process.pid}-${++serial}`;

export function inventorySteps(api: () => TestApi) {
  const as = (h: Handle, role: Role = "maker") => api().as(h, role);
  /** `who`'s maker proposes at `path`, its checker approves; returns the approval's result. */
  async function proposeApprove(who: Handle, method: "post" | "put", path: string, body?: object): Promise<Record<string, unknown>> {
    const proposed = await api().http()[method](path).set(await as(who)).send(body).then(status(202));
    const approved = await api().http().post(`/approvals/${(proposed.body as { id: string }).id}/approve`).set(await as(who, "checker")).then(status(200));
    return (approved.body as { result: Record<string, unknown> }).result;
  }
  /** The scale weighs `grams` now; returns the reading's id. */
  async function weigh(scale: SigningDevice, grams: bigint): Promise<string> {
    const sent = await sendReadings(api(), scale.reading({ grams: Number(grams) }, await api().platform.ledger.clock.now())).then(status(201));
    return (sent.body as { readings: { id: string }[] }).readings[0].id;
  }
  /** The warehouse weighs an inbound and issues `depositor` a receipt of `grams`; returns its id. */
  async function receipt(scale: SigningDevice, depositor: Handle, grams: bigint, commodity = "LI2CO3"): Promise<string> {
    const readingId = await weigh(scale, grams);
    const body = { depositorOrgId: api().orgs[depositor].id, commodity, grade: "battery-99.5", quantity: grams.toString(), readingId, inbound: freshInbound(), bay: "A-01", document: documentHash() };
    return (await proposeApprove("warehouse", "post", "/receipts", body)).id as string;
  }
  /** Makes `who` a price publisher (the operator's maker and checker) unless it is one. */
  async function publisher(who: Handle): Promise<void> {
    if (await api().platform.ledger.prices.isPublisher(api().orgs[who].account)) return;
    await proposeApprove("operator", "post", "/prices/publishers", { orgId: api().orgs[who].id });
  }
  /** `who` (a publisher) posts today's price, unless one is posted today. */
  async function price(who: Handle, yuanPerTonne: string, commodity = "LI2CO3") {
    return api().http().post("/prices").set(await as(who)).send({ commodity, yuanPerTonne });
  }
  return { as, proposeApprove, weigh, receipt, publisher, price };
}
