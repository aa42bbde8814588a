/**
 * A device that has said nothing for longer than the threshold is a blind spot in a warehouse's supervision: a
 * weighing platform unplugged, a door sensor cut. The sweep warns its warehouse (and the regulator, who sees every
 * alert) once per device until the regulator resolves it. "Nothing" is measured from the last reading received,
 * or from the registration of a device that never spoke; retired devices are out of service and never silent.
 */
import type { AlertDraft } from "../alerts/alert-draft";
import type { AlertRepository } from "../alerts/alert.repository";
import type { AlertThresholds } from "../alerts/alert-thresholds";
import type { Clock } from "../clock";
import type { DeviceRepository } from "./device.repository";

const MINUTE_MS = 60_000;

/** The sweep asks one query: every 60 job intervals (a minute by default) is plenty against a threshold in minutes. */
export const DEVICE_SILENCE_EVERY_JOB_INTERVALS = 60;

export class DeviceSilenceWatch {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly alerts: AlertRepository,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  /** Raises what is due; how many alerts it raised. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const limit = this.thresholds.deviceSilentMinutes;
    const silent = await this.devices.silentSince(new Date(now.getTime() - limit * MINUTE_MS));
    const drafts = silent.map(
      (d): AlertDraft => ({
        rule: "device-silent",
        severity: "warning",
        subject: d.id,
        accounts: [d.account],
        facts: {
          deviceId: d.id,
          kind: d.kind,
          bay: d.bay,
          ...(d.label ? { label: d.label } : {}),
          warehouseAccount: d.account,
          lastHeard: d.lastHeard.toISOString(),
          silentMinutes: String(Math.floor((now.getTime() - d.lastHeard.getTime()) / MINUTE_MS)),
          threshold: String(limit),
        },
        blockNumber: null,
        logIndex: null,
      }),
    );
    return this.alerts.raiseAll(drafts, now);
  }
}
