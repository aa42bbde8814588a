/** Every page of the console, in menu order. */
import { alertsPages } from "./alerts";
import { approvalsPages } from "./approvals";
import { cashPages } from "./cash";
import { creditLinesPages } from "./credit-lines";
import { financingPages } from "./financing";
import { invoicesPages } from "./invoices";
import { iotPages } from "./iot";
import { notificationsPages } from "./notifications";
import { operatorPages } from "./operator";
import { pledgesPages } from "./pledges";
import { pricesPages } from "./prices";
import { privacyPages } from "./privacy";
import { programsPages } from "./programs";
import { receiptsPages } from "./receipts";
import { regulatorPages } from "./regulator";
import { reportsPages } from "./reports";
import type { PageRoute } from "./route";
import { settlementPages } from "./settlement";
import { vouchersPages } from "./vouchers";

export const PAGES: PageRoute[] = [
  ...regulatorPages,
  ...operatorPages,
  ...approvalsPages,
  ...invoicesPages,
  ...vouchersPages,
  ...financingPages,
  ...creditLinesPages,
  ...receiptsPages,
  ...pledgesPages,
  ...pricesPages,
  ...iotPages,
  ...settlementPages,
  ...programsPages,
  ...cashPages,
  ...privacyPages,
  ...reportsPages,
  ...notificationsPages,
  // Last: a user's first page stays the one of their daily work.
  ...alertsPages,
];
