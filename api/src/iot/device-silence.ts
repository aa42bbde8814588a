/**
 * A device that has said nothing for longer than the threshold is a blind spot in a warehouse's supervision: a
 * weighing platform unplugged, a door sensor cut. The sweep warns its warehouse (and the regulator, who sees every
 * alert) once per device until the regulator resolves it. "Nothing" is measured from the last reading received,
 * or from the registration of a device that never spoke; retired devices are out of service and never silent.
 * When the device's bay holds live receipts, the alert names them (they are at risk while it is open: nothing
 * watches them) and goes to their owners and pledgee banks too.
 */
import type { AlertDraft } from "../alerts/alert-draft";
import type { AlertRepository } from "../alerts/alert.repository";
import type { AlertThresholds } from "../alerts/alert-thresholds";
import type { Clock } from "../clock";
import type { DeviceRepository } from "./device.repository";
import type { BayReceipt, BayRepository } from "./bay.repository";

const MINUTE_MS = 60_000;

/** The sweep asks one query: every 60 job intervals (a minute by default) is plenty against a threshold in minutes. */
export const DEVICE_SILENCE_EVERY_JOB_INTERVALS = 60;

export class DeviceSilenceWatch {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly bays: BayRepository,
    private readonly alerts: AlertRepository,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  /** Raises what is due; how many alerts it raised. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const limit = this.thresholds.deviceSilentMinutes;
    const silent = await this.devices.silentSince(new Date(now.getTime() - limit * MINUTE_MS));
    const watched = new Map<string, BayReceipt[]>();
    for (const r of silent.length ? await this.bays.receiptsNear(silent.map((d) => d.id)) : []) {
      if (r.status !== "delivered") watched.set(r.deviceId, [...(watched.get(r.deviceId) ?? []), r]);
    }
    const drafts = silent.map((d): AlertDraft => {
      const receipts = watched.get(d.id) ?? [];
      return {
        rule: "device-silent",
        severity: "warning",
        subject: d.id,
        accounts: [...new Set([d.account, ...receipts.flatMap((r) => [r.owner, ...(r.bank ? [r.bank] : [])])])],
        facts: {
          deviceId: d.id,
          kind: d.kind,
          bay: d.bay,
          ...(d.label ? { label: d.label } : {}),
          warehouseAccount: d.account,
          lastHeard: d.lastHeard.toISOString(),
          silentMinutes: String(Math.floor((now.getTime() - d.lastHeard.getTime()) / MINUTE_MS)),
          threshold: String(limit),
          ...(receipts.length ? { receipts: receipts.map((r) => r.receiptId.toString()).join(",") } : {}),
        },
        blockNumber: null,
        logIndex: null,
      };
    });
    return this.alerts.raiseAll(drafts, now);
  }
}
