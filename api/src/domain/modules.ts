/** Every domain module, in the order their routes are mounted. */
import type { DomainModuleFactory } from "./module";
import { cashModule } from "../cash";
import { creditLinesModule } from "../credit-lines";
import { programsModule } from "../programs";
import { settlementModule } from "../settlement";
import { invoicesModule } from "../invoices";
import { vouchersModule } from "../vouchers";
import { financingModule } from "../financing";
import { auditModule } from "../audit";
import { webhooksModule } from "../webhooks";
import { notificationsModule } from "../notifications";
import { alertsModule } from "../alerts";
import { disclosureModule } from "../disclosure";
import { documentsModule } from "../documents";
import { iotModule } from "../iot";
import { riskDataModule } from "../risk-data";
import { receiptsModule } from "../receipts";
import { pricesModule } from "../prices";
import { pledgesModule } from "../pledges";
import { guaranteesModule } from "../guarantees";
import { policiesModule } from "../policies";
import { feesModule } from "../fees";

export const DOMAIN_MODULES: DomainModuleFactory[] = [creditLinesModule, programsModule, cashModule, settlementModule, invoicesModule, vouchersModule, financingModule, auditModule, webhooksModule, notificationsModule, alertsModule, documentsModule, disclosureModule, riskDataModule, iotModule, receiptsModule, pricesModule, pledgesModule, guaranteesModule, policiesModule, feesModule];
