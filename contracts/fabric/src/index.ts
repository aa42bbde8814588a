/**
 * The chaincode's entry point: `fabric-chaincode-node start` loads `contracts` from here. Each class is one
 * concept of the ledger, called as `<Name>:<function>`, e.g. `Vouchers:splitTransfer`.
 */
import { CashContract } from "./cash";
import { CreditLinesContract } from "./credit-lines";
import { DataServicesContract } from "./data-services";
import { FinancingContract } from "./financing";
import { GenesisContract } from "./genesis";
import { InvoicesContract } from "./invoices";
import { ParticipantsContract } from "./participants";
import { ReadingAnchorsContract } from "./reading-anchors";
import { RulesContract } from "./rules";
import { SettlementContract } from "./settlement";
import { VouchersContract } from "./vouchers";

export { EVENT_NAME } from "./ledger-contract";
export { DATA_SERVICES_ACCOUNT, ESCROW_ACCOUNT } from "./values";
export {
  CashContract,
  CreditLinesContract,
  DataServicesContract,
  FinancingContract,
  GenesisContract,
  InvoicesContract,
  ParticipantsContract,
  ReadingAnchorsContract,
  RulesContract,
  SettlementContract,
  VouchersContract,
};

export const contracts = [
  GenesisContract,
  ParticipantsContract,
  RulesContract,
  CreditLinesContract,
  InvoicesContract,
  CashContract,
  VouchersContract,
  FinancingContract,
  SettlementContract,
  DataServicesContract,
  ReadingAnchorsContract,
];
