import type { paths } from "../../api/schema";

export type Loan = paths["/pledges/{id}"]["get"]["responses"][200]["content"]["application/json"];
export type LoanStatus = Loan["status"];
export type MarginState = Loan["margin"]["state"];
export const LOAN_STATUSES: LoanStatus[] = ["requested", "active", "repaid", "cancelled", "defaulted", "seized"];
