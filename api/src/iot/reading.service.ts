/**
 * Ingesting signed readings. A device authenticates each reading by its signature, not by a user's token, so the
 * checks run in an order that tells an unauthenticated sender nothing it could not know: an unknown device first
 * (nothing to check a signature with), then the signature, and only then what the platform knows of the device
 * (retired, its kind, its counter).
 *
 * A batch is all or nothing: the first refused reading refuses the batch, with its position as `index`, and
 * nothing is stored. A device resends the batch without the refused reading; a partly stored batch would leave it
 * guessing which counters the platform holds.
 */
import type { Clock } from "../clock";
import { AppError, type ErrorCode } from "../errors";
import type { DeviceRepository, DeviceRow } from "./device.repository";
import { DeviceKeys, signatureValid } from "./device-key";
import { signedBytes, valuesOf, type ReadingPayload } from "./reading-payload";
import type { CounterSpan, NewReading, ReadingRepository, StoreRefusal } from "./reading.repository";
import type { ReadingWatch } from "./reading-rules";

export interface SignedReading {
  payload: ReadingPayload;
  signature: string;
}

export interface Accepted {
  id: bigint;
  deviceId: string;
  counter: number;
}

const REFUSAL_CODE: Record<StoreRefusal["reason"], ErrorCode> = {
  retired: "IOT_DEVICE_RETIRED",
  replayed: "IOT_READING_REPLAYED",
  "out-of-order": "IOT_READING_OUT_OF_ORDER",
};

const refuse = (code: ErrorCode, index: number, r: SignedReading, detail: string) =>
  new AppError(code, `Reading ${index} (device ${r.payload.deviceId}, counter ${r.payload.counter}): ${detail}`, {
    reading: { index, deviceId: r.payload.deviceId, counter: r.payload.counter },
  });

export class ReadingService {
  private readonly keys = new DeviceKeys();

  constructor(
    private readonly devices: DeviceRepository,
    private readonly readings: ReadingRepository,
    private readonly clock: Clock,
    private readonly watch?: ReadingWatch,
    private readonly log?: { error(e: unknown): void },
  ) {}

  async ingest(batch: SignedReading[]): Promise<Accepted[]> {
    const known = new Map((await this.devices.byIds([...new Set(batch.map((r) => r.payload.deviceId))])).map((d) => [d.id, d]));
    const spans = new Map<string, CounterSpan>();
    batch.forEach((r, index) => {
      const device = known.get(r.payload.deviceId);
      this.check(r, index, device);
      const counter = BigInt(r.payload.counter);
      const span = spans.get(r.payload.deviceId);
      if (!span) {
        spans.set(r.payload.deviceId, { deviceId: r.payload.deviceId, min: counter, max: counter, counters: [counter] });
        return;
      }
      if (span.counters.includes(counter)) throw refuse("IOT_READING_REPLAYED", index, r, "the batch already holds this counter");
      if (counter < span.max) throw refuse("IOT_READING_OUT_OF_ORDER", index, r, `the batch already holds counter ${span.max}`);
      span.max = counter;
      span.counters.push(counter);
    });
    const rows: NewReading[] = batch.map(({ payload, signature }) => ({
      deviceId: payload.deviceId,
      counter: BigInt(payload.counter),
      measuredAt: new Date(payload.measuredAt),
      kind: payload.kind,
      values: valuesOf(payload),
      signature,
    }));
    const stored = await this.readings.store(rows, [...spans.values()], this.clock.now());
    if ("reason" in stored) {
      const index = batch.findIndex((r) => r.payload.deviceId === stored.deviceId);
      throw refuse(REFUSAL_CODE[stored.reason], index, batch[index], `refused as ${stored.reason}`);
    }
    await this.judge(rows.map((r, i) => ({ ...r, id: stored.ids[i] })));
    return stored.ids.map((id, i) => ({ id, deviceId: batch[i].payload.deviceId, counter: batch[i].payload.counter }));
  }

  /**
   * The IoT rules, once the batch is committed, before the device hears it was stored: an alert is raised within
   * the request that brought its reading. The readings stand whatever the rules meet: a failure is logged, not
   * answered, since the device would resend a stored batch only to have it refused as replayed.
   */
  private async judge(rows: (NewReading & { id: bigint })[]): Promise<void> {
    if (!this.watch) return;
    try {
      await this.watch.inspect(rows);
    } catch (e) {
      this.log?.error(e);
    }
  }

  private check(r: SignedReading, index: number, device: DeviceRow | undefined): asserts device is DeviceRow {
    if (!device) throw refuse("IOT_DEVICE_UNKNOWN", index, r, "no such device");
    const key = this.keys.of(device.id, device.publicKey);
    if (!key || !signatureValid(key, signedBytes(r.payload), r.signature)) throw refuse("IOT_SIGNATURE_INVALID", index, r, "the signature does not verify");
    if (device.retiredAt) throw refuse("IOT_DEVICE_RETIRED", index, r, "the device is retired");
    if (device.kind !== r.payload.kind) throw refuse("IOT_READING_KIND_MISMATCH", index, r, `the device is a ${device.kind}`);
    // The counter is judged in the store's transaction, against the device's locked row: judged here, two batches
    // sent at once could both pass.
  }
}
