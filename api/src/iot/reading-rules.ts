/**
 * The IoT rules, judged as readings arrive: right after a batch is stored, from what its readings measured and what
 * the bays they were measured in hold. One query finds the receipts in the batch's devices' bays; a batch from
 * bays that back no receipt (most of a fleet's traffic) costs that query and nothing more. What they find goes to
 * the warehouse, the receipts' owners and the banks holding them in pledge, beside the regulator, who sees every
 * alert. One alert per rule and device while it is not resolved: a scale reporting the same shortfall every
 * second adds nothing to the open alert.
 *
 * - weight-shortfall: a weighing platform weighs less than the live (active and pledged) receipts it backs record,
 *   by more than the tolerance, while one of them is pledged. Goods left the bay without the ledger knowing.
 * - door-opened-without-delivery: a door opens in a bay holding pledged goods, and no delivery order stands for it.
 *   The platform's delivery order is a proposal to deliver one of the bay's receipts (receipts.deliver: the owner's
 *   maker proposes, the checker approves, the goods may leave) made within the window and not refused. A pledged
 *   receipt itself cannot be delivered, so the order covers the bay's other goods: a door opening for those is
 *   expected, any other is not.
 * - climate-out-of-range: a probe measures a temperature or humidity outside the range a commodity in the bay
 *   needs (commodity-climate.ts), pledged or not: the goods spoil either way.
 *
 * A receipt is at risk while an alert naming it (facts.receipts) is not resolved: alert.repository.ts derives it.
 */
import type { AlertDraft } from "../alerts/alert-draft";
import type { AlertRepository } from "../alerts/alert.repository";
import type { AlertThresholds } from "../alerts/alert-thresholds";
import type { Clock } from "../clock";
import type { BayReceipt, BayRepository } from "./bay.repository";
import { COMMODITY_CLIMATE } from "./commodity-climate";

/** A stored reading, as the rules read it. */
export interface ArrivedReading {
  id: bigint;
  deviceId: string;
  kind: string;
  values: Record<string, number>;
}

const HOUR_MS = 3_600_000;
/** The kinds a rule reads; the others' readings (pallet counts) ask the database nothing. */
const WATCHED = new Set(["weighing-platform", "door-sensor", "climate-probe"]);

/** Basis points as a percentage with two decimals: 125n → "1.25". */
const percent = (bps: bigint) => `${bps / 100n}.${(bps % 100n).toString().padStart(2, "0")}`;
const ids = (rs: readonly BayReceipt[]) => rs.map((r) => r.receiptId.toString()).join(",");
/** The warehouse, every owner, and the banks holding pledged ones: who is told beside the regulator. */
const partiesOf = (rs: readonly BayReceipt[]) => [...new Set(rs.flatMap((r) => [r.warehouse, r.owner, ...(r.bank ? [r.bank] : [])]))];

const draft = (rule: AlertDraft["rule"], severity: AlertDraft["severity"], r: ArrivedReading, receipts: readonly BayReceipt[], facts: Record<string, string>): AlertDraft => ({
  rule,
  severity,
  subject: r.deviceId,
  accounts: partiesOf(receipts),
  facts: { deviceId: r.deviceId, readingId: r.id.toString(), bay: receipts[0].bay, warehouseAccount: receipts[0].warehouse, receipts: ids(receipts), ...facts },
  blockNumber: null,
  logIndex: null,
});

export class ReadingWatch {
  constructor(
    private readonly bays: BayRepository,
    private readonly alerts: AlertRepository,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  /** Judges a stored batch; the alerts it raised (those not already open). */
  async inspect(readings: readonly ArrivedReading[]): Promise<number> {
    const watched = readings.filter((r) => WATCHED.has(r.kind));
    if (!watched.length) return 0;
    const near = await this.bays.receiptsNear([...new Set(watched.map((r) => r.deviceId))]);
    if (!near.length) return 0;
    const byDevice = new Map<string, BayReceipt[]>();
    for (const r of near) byDevice.set(r.deviceId, [...(byDevice.get(r.deviceId) ?? []), r]);
    const now = this.clock.now();
    const drafts: AlertDraft[] = [];
    for (const r of watched) {
      const inBay = byDevice.get(r.deviceId);
      if (!inBay) continue;
      const found =
        r.kind === "weighing-platform" ? this.weight(r, inBay) : r.kind === "door-sensor" ? await this.door(r, inBay, now, drafts) : this.climate(r, inBay);
      if (found) drafts.push(found);
    }
    return drafts.length ? this.alerts.raiseAll(drafts, now) : 0;
  }

  private weight(r: ArrivedReading, inBay: readonly BayReceipt[]): AlertDraft | undefined {
    const backed = inBay.filter((x) => x.scaleId === r.deviceId && x.status !== "delivered");
    if (!backed.some((x) => x.status === "pledged")) return undefined;
    const recorded = backed.reduce((sum, x) => sum + x.quantity, 0n);
    const measured = BigInt(r.values.grams);
    const tolerance = BigInt(this.thresholds.weightToleranceBps);
    if (measured * 10_000n >= recorded * (10_000n - tolerance)) return undefined;
    const shortfall = recorded - measured;
    return draft("weight-shortfall", "critical", r, backed, {
      measuredGrams: measured.toString(),
      recordedGrams: recorded.toString(),
      pledged: ids(backed.filter((x) => x.status === "pledged")),
      shortfallGrams: shortfall.toString(),
      shortfall: percent((shortfall * 10_000n) / recorded),
      tolerance: percent(tolerance),
    });
  }

  /** `drafts` so far: a door reported open twice in one batch asks about delivery orders once. */
  private async door(r: ArrivedReading, inBay: readonly BayReceipt[], now: Date, drafts: readonly AlertDraft[]): Promise<AlertDraft | undefined> {
    if (r.values.open !== 1) return undefined;
    const live = inBay.filter((x) => x.status !== "delivered");
    if (!live.some((x) => x.status === "pledged")) return undefined;
    if (drafts.some((d) => d.rule === "door-opened-without-delivery" && d.subject === r.deviceId)) return undefined;
    const hours = this.thresholds.doorDeliveryHours;
    if (await this.bays.deliveryProposed(inBay.map((x) => x.receiptId), new Date(now.getTime() - hours * HOUR_MS))) return undefined;
    return draft("door-opened-without-delivery", "critical", r, live, {
      pledged: ids(live.filter((x) => x.status === "pledged")),
      windowHours: String(hours),
    });
  }

  private climate(r: ArrivedReading, inBay: readonly BayReceipt[]): AlertDraft | undefined {
    const { centiCelsius, humidityPermille } = r.values;
    const live = inBay.filter((x) => x.status !== "delivered");
    const harmed = live.filter((x) => {
      const range = COMMODITY_CLIMATE[x.commodity] as (typeof COMMODITY_CLIMATE)[string] | undefined;
      return range && (centiCelsius < range.minCentiCelsius || centiCelsius > range.maxCentiCelsius || humidityPermille > range.maxHumidityPermille);
    });
    if (!harmed.length) return undefined;
    const range = COMMODITY_CLIMATE[harmed[0].commodity];
    return draft("climate-out-of-range", "warning", r, harmed, {
      commodity: harmed[0].commodity,
      celsius: (centiCelsius / 100).toFixed(2),
      humidity: (humidityPermille / 10).toFixed(1),
      minCelsius: (range.minCentiCelsius / 100).toFixed(2),
      maxCelsius: (range.maxCentiCelsius / 100).toFixed(2),
      maxHumidity: (range.maxHumidityPermille / 10).toFixed(1),
    });
  }
}
