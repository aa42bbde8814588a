import type { Catalogue } from "../keys";

export const cash = {
  "cash.menu": "Cash account",
  "cash.title": "Cash account",
  "cash.balance": "{organisation}'s settlement cash",
  "cash.movement.title": "Deposit or withdraw",
  "cash.movement.settlementBankOnly": "Settlement cash is deposited and withdrawn by the settlement bank, {bank}.",
  "cash.movement.noSettlementBank": "The regulator has not designated a settlement bank yet: no deposits or withdrawals until it does.",
  "cash.movement.kind": "Kind",
  "cash.kind.deposit": "Deposit",
  "cash.kind.withdrawal": "Withdrawal",
  "cash.organisation": "Customer",
  "cash.organisation.required": "Choose the customer",
  "cash.bank": "Bank",
  "cash.reference": "Bank reference",
  "cash.reference.hint": "The bank's reference of the off-chain transfer; each can be used once",
  "cash.reference.required": "Enter the bank reference (at most 64 characters)",
  "cash.deposit.submit": "Propose the deposit",
  "cash.withdrawal.submit": "Propose the withdrawal",
  "cash.pending": "Cash actions waiting for a checker",
  "cash.orders": "Deposits and withdrawals",
  "cash.orders.empty": "No deposits or withdrawals",
} satisfies Catalogue<"cash">;
