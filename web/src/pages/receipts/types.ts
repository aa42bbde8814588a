import type { paths } from "../../api/schema";

/**
 * A receipt as GET /receipts gives it. `atRisk` (an IoT rule broken: weight short, door opened, a device silent,
 * climate out of range) is optional: an API without it shows no risk mark rather than a wrong "safe" one.
 */
export type Receipt = paths["/receipts/{id}"]["get"]["responses"][200]["content"]["application/json"] & { atRisk?: boolean };
export type ReceiptStatus = Receipt["status"];
export const RECEIPT_STATUSES: ReceiptStatus[] = ["active", "pledged", "split", "delivered", "cancelled"];
