/**
 * What the IoT rules need to know of a bay, read when its devices report. A receipt is in a bay when the weighing
 * reading that backed it (its leaf, through ReadingLeaf) came from a weighing platform in that bay of the receipt's
 * warehouse; a split lot carries its parent's reading, so it stays in its parent's bay.
 */
import type { Prisma } from "../db/database";
import { RECEIPT_DELIVER } from "../receipts/receipt.actions";

/** A receipt in the bay of a device that reported, as the rules see it. */
export interface BayReceipt {
  /** The device that reported. */
  deviceId: string;
  bay: string;
  /** The warehouse's ledger account. */
  warehouse: string;
  /** The weighing platform whose reading backed the receipt. */
  scaleId: string;
  receiptId: bigint;
  status: "active" | "pledged" | "delivered";
  quantity: bigint;
  commodity: string;
  owner: string;
  /** The bank that holds it in pledge, while pledged. */
  bank: string | null;
}

type Raw = Omit<BayReceipt, "receiptId" | "quantity"> & { receiptId: bigint | string; quantity: bigint | string };

export class BayRepository {
  constructor(private readonly prisma: Prisma) {}

  /**
   * The live (active or pledged) receipts in the bays of `deviceIds`, and for door sensors the delivered ones too
   * (a door opens for a delivery after the receipt is closed). One statement per reading batch, whatever it holds;
   * a batch from devices guarding no receipt finds no backing leaf and ends there.
   */
  async receiptsNear(deviceIds: string[]): Promise<BayReceipt[]> {
    if (!deviceIds.length) return [];
    const rows = await this.prisma.$queryRaw<Raw[]>`
      SELECT d."id"::text AS "deviceId", d."bay", o."account" AS "warehouse", s."id"::text AS "scaleId", r."id" AS "receiptId", r."status",
             r."quantity", r."commodity", r."owner", CASE WHEN r."status" = 'pledged' THEN l."bank" END AS "bank"
        FROM "IotDevice" d
        JOIN "Organisation" o ON o."id" = d."organisationId"
        JOIN "IotDevice" s ON s."organisationId" = d."organisationId" AND s."bay" = d."bay" AND s."kind" = 'weighing-platform'
        JOIN "ReadingLeaf" f ON f."deviceId" = s."id"
        JOIN "ReceiptState" r ON r."reading" = f."leaf" AND r."warehouse" = o."account"
        LEFT JOIN "PledgeLoanState" l ON l."id" = r."loanId"
       WHERE d."id" = ANY(${deviceIds}::uuid[])
         AND (r."status" IN ('active', 'pledged') OR (r."status" = 'delivered' AND d."kind" = 'door-sensor'))
       ORDER BY r."id"`;
    return rows.map((r) => ({ ...r, receiptId: BigInt(r.receiptId), quantity: BigInt(r.quantity) }));
  }

  /** Whether a delivery of one of `receiptIds` was proposed since `since` and not refused (pending, executing or approved). */
  async deliveryProposed(receiptIds: bigint[], since: Date): Promise<boolean> {
    if (!receiptIds.length) return false;
    const found = await this.prisma.pendingAction.findFirst({
      where: {
        kind: RECEIPT_DELIVER,
        status: { in: ["pending", "executing", "approved"] },
        createdAt: { gte: since },
        OR: receiptIds.map((id) => ({ payload: { path: ["receipt", "id"], equals: id.toString() } })),
      },
      select: { id: true },
    });
    return found !== null;
  }
}
