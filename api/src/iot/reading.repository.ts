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
export interface StoreRefusal {
  deviceId: string;
  reason: "retired" | "replayed" | "out-of-order";
}

class Refused extends Error {
  constructor(readonly refusal: StoreRefusal) {
    super(refusal.reason);
  }
}

/** Prisma keeps DateTime as UTC in timestamp(3): an ISO string without the zone lands the same way. */
const utc = (d: Date) => d.toISOString().slice(0, -1);

const LOCK = `SELECT d."id" FROM "IotDevice" AS d WHERE d."id" IN (SELECT c."id" FROM jsonb_to_recordset($1::jsonb) AS c("id" uuid)) ORDER BY d."id" FOR UPDATE`;

const MOVE_COUNTERS = `
  UPDATE "IotDevice" AS d SET "lastCounter" = c."max"
  FROM jsonb_to_recordset($1::jsonb) AS c("id" uuid, "min" bigint, "max" bigint)
  WHERE d."id" = c."id" AND d."retiredAt" IS NULL AND d."lastCounter" < c."min"
  RETURNING d."id"::text AS "id"`;

// Ids follow the batch's order: the rows are inserted ordered by their position, and a sequence hands out ids in
// the order rows are inserted.
const INSERT = `
  WITH inserted AS (
    INSERT INTO "IotReading" ("deviceId", "counter", "measuredAt", "kind", "values", "signature", "receivedAt")
    SELECT "deviceId", "counter", "measuredAt", "kind", "values", "signature", $2::timestamp(3)
    FROM jsonb_to_recordset($1::jsonb) AS r("i" integer, "deviceId" uuid, "counter" bigint, "measuredAt" timestamp(3), "kind" text, "values" jsonb, "signature" text)
    ORDER BY "i"
    RETURNING "id"
  )
  SELECT "id" FROM inserted ORDER BY "id"`;

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** Why a device's counter did not move: it is retired, or the batch repeats a counter it sent, or it fell behind. */
async function refusal(tx: Tx, s: CounterSpan): Promise<StoreRefusal> {
  const device = await tx.iotDevice.findUnique({ where: { id: s.deviceId }, select: { retiredAt: true } });
  if (device?.retiredAt) return { deviceId: s.deviceId, reason: "retired" };
  const seen = await tx.iotReading.findFirst({ where: { deviceId: s.deviceId, counter: { in: s.counters } }, select: { id: true } });
  return { deviceId: s.deviceId, reason: seen ? "replayed" : "out-of-order" };
}

const toRow = (r: { values: unknown } & Omit<ReadingRow, "values">): ReadingRow => ({ ...r, values: r.values as Record<string, number> });

export class ReadingRepository {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Stores a batch all or nothing, in three statements whatever the number of devices: a reading batch from a
   * gateway names dozens. The devices' rows are locked in id order (two batches naming the same devices never
   * deadlock), each device's counter moves past the batch's highest only when it is still below the batch's lowest
   * and the device is not retired, and the readings are inserted. Of two batches of one device sent at once, the
   * second waits for the first's lock, then sees its counter and is refused.
   */
  async store(readings: NewReading[], spans: CounterSpan[], receivedAt: Date): Promise<{ ids: bigint[] } | StoreRefusal> {
    const counters = JSON.stringify(spans.map((s) => ({ id: s.deviceId, min: Number(s.min), max: Number(s.max) })));
    const rows = JSON.stringify(readings.map((r, i) => ({ i, ...r, counter: Number(r.counter), measuredAt: utc(r.measuredAt) })));
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.$queryRawUnsafe(LOCK, counters);
        const moved = await tx.$queryRawUnsafe<{ id: string }[]>(MOVE_COUNTERS, counters);
        if (moved.length !== spans.length) {
          const stuck = spans.find((s) => !moved.some((m) => m.id === s.deviceId));
          if (stuck) throw new Refused(await refusal(tx, stuck));
        }
        // A raw bigint column comes back as a bigint or as text, depending on the driver adapter.
        const ids = await tx.$queryRawUnsafe<{ id: bigint | string }[]>(INSERT, rows, utc(receivedAt));
        return { ids: ids.map((r) => BigInt(r.id)) };
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

  /**
   * Remembers which reading `leaf` is (a receipt records only the leaf), with the device that signed it. Idempotent:
   * the leaf of a reading never changes.
   */
  async recordLeaf(leaf: string, readingId: bigint): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO "ReadingLeaf" ("leaf", "readingId", "deviceId") SELECT ${leaf}, r."id", r."deviceId" FROM "IotReading" r WHERE r."id" = ${readingId}
      ON CONFLICT DO NOTHING`;
  }

  async batch(id: string): Promise<BatchRow | undefined> {
    return (await this.prisma.readingBatch.findUnique({ where: { id } })) ?? undefined;
  }

  /** A batch's readings in id order: the order of its tree's leaves. */
  async batchReadings(batchId: string): Promise<ReadingRow[]> {
    return (await this.prisma.iotReading.findMany({ where: { batchId }, orderBy: { id: "asc" } })).map(toRow);
  }
}
