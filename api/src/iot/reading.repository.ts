import type { Prisma } from "../db/database";

export interface NewReading {
  deviceId: string;
  counter: bigint;
  measuredAt: Date;
  kind: string;
  values: Record<string, number>;
  signature: string;
}

export interface ReadingRow extends NewReading {
  id: bigint;
  receivedAt: Date;
  batchId: string | null;
}

export interface BatchRow {
  id: string;
  root: string;
  firstId: bigint;
  lastId: bigint;
  count: number;
  txHash: string;
  blockNumber: number;
  anchoredAt: Date;
}

/** The counters a batch carries for one device, lowest and highest. */
export interface CounterSpan {
  deviceId: string;
  min: bigint;
  max: bigint;
  counters: bigint[];
}

/** Why a device's readings could not be stored: found only once the device's row is locked. */
export type StoreRefusal = { deviceId: string; reason: "retired" | "replayed" | "out-of-order" };

class Refused extends Error {
  constructor(readonly refusal: StoreRefusal) {
    super(refusal.reason);
  }
}

const toRow = (r: { values: unknown } & Omit<ReadingRow, "values">): ReadingRow => ({ ...r, values: r.values as Record<string, number> });

export class ReadingRepository {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Stores a batch all or nothing. Each device's counter moves past the batch's highest only when it is still
   * below the batch's lowest and the device is not retired: that update locks the device's row, so of two batches
   * of one device sent at once, the second sees the first's counter and is refused.
   */
  async store(readings: NewReading[], spans: CounterSpan[], receivedAt: Date): Promise<{ ids: bigint[] } | StoreRefusal> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        for (const s of spans) {
          const moved = await tx.iotDevice.updateMany({ where: { id: s.deviceId, retiredAt: null, lastCounter: { lt: s.min } }, data: { lastCounter: s.max } });
          if (moved.count === 1) continue;
          const device = await tx.iotDevice.findUnique({ where: { id: s.deviceId }, select: { retiredAt: true } });
          if (device?.retiredAt) throw new Refused({ deviceId: s.deviceId, reason: "retired" });
          const seen = await tx.iotReading.findFirst({ where: { deviceId: s.deviceId, counter: { in: s.counters } }, select: { id: true } });
          throw new Refused({ deviceId: s.deviceId, reason: seen ? "replayed" : "out-of-order" });
        }
        const rows = await tx.iotReading.createManyAndReturn({ data: readings.map((r) => ({ ...r, receivedAt })), select: { id: true } });
        return { ids: rows.map((r) => r.id) };
      });
    } catch (e) {
      if (e instanceof Refused) return e.refusal;
      throw e;
    }
  }

  async get(id: bigint): Promise<(ReadingRow & { organisationId: string }) | undefined> {
    const r = await this.prisma.iotReading.findUnique({ where: { id }, include: { device: { select: { organisationId: true } } } });
    if (!r) return undefined;
    const { device, ...reading } = r;
    return { ...toRow(reading), organisationId: device.organisationId };
  }

  /** The oldest readings no root covers yet, by id. */
  async unanchored(limit: number): Promise<ReadingRow[]> {
    return (await this.prisma.iotReading.findMany({ where: { batchId: null }, orderBy: { id: "asc" }, take: limit })).map(toRow);
  }

  /** Records an anchored batch and marks its readings, in one transaction. */
  async recordBatch(batch: Omit<BatchRow, "id">, readingIds: bigint[]): Promise<BatchRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.readingBatch.create({ data: batch });
      await tx.iotReading.updateMany({ where: { id: { in: readingIds }, batchId: null }, data: { batchId: row.id } });
      return row;
    });
  }

  async batch(id: string): Promise<BatchRow | undefined> {
    return (await this.prisma.readingBatch.findUnique({ where: { id } })) ?? undefined;
  }

  /** A batch's readings in id order: the order of its tree's leaves. */
  async batchReadings(batchId: string): Promise<ReadingRow[]> {
    return (await this.prisma.iotReading.findMany({ where: { batchId }, orderBy: { id: "asc" } })).map(toRow);
  }
}
