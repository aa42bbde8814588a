/** The financing shapes as the API sends them (derived from the generated client, never written by hand). */
import type { paths } from "../../api/schema";

export type FinancingRequest = paths["/financing/requests/{id}"]["get"]["responses"][200]["content"]["application/json"];
export type Quote = NonNullable<FinancingRequest["quotes"]>[number];
export type RequestStatus = FinancingRequest["status"];
export type Preview = paths["/financing/requests/{id}/quote-preview"]["get"]["responses"][200]["content"]["application/json"];
export type HeldVoucher = paths["/vouchers"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
