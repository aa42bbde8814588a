/**
 * The chaincode's events carry the names and fields of chain/events.ts, so that the gateway adapter decodes
 * them into the same LedgerEvent union as the EVM's logs. Values are raw, as in an EVM log (see the
 * chaincode's README); only the names and the field sets are compared here.
 */
import { expect, test } from "vitest";
import type { EventArgs, EventName } from "../../chain/events";
import { bytes32, cstMidnightAfter, DAY, fundedLedger, START } from "./support/fixture";

/** The fields each event carries on the wire; the compiler checks every name against chain/events.ts. */
const FIELDS: { [N in EventName]?: readonly (keyof EventArgs[N])[] } = {
  ParticipantRegistered: ["account", "roles", "usccHash", "kycHash"],
  ParticipantRolesChanged: ["account", "roles"],
  ParticipantKycUpdated: ["account", "kycHash"],
  ParticipantSuspensionChanged: ["account", "suspended"],
  ParticipantFreezeChanged: ["account", "frozen"],
  AuditLogAnchored: ["operator", "head", "entries"],
  BoundsChanged: ["bounds"],
  RulesChanged: ["core", "rules"],
  SupplierWhitelistChanged: ["core", "supplier", "listed"],
  BankEligibilityChanged: ["core", "bank", "eligible"],
  CreditLineGranted: ["bank", "core", "limit", "expiry"],
  CreditLineAmended: ["bank", "core", "limit", "expiry"],
  CreditLineClosed: ["bank", "core", "closedBy"],
  CreditLineUsed: ["bank", "core", "amount", "used"],
  CreditLineReleased: ["bank", "core", "amount", "used"],
  InvoiceRegistered: ["key", "seller", "buyer", "amount", "commitment"],
  InvoiceConfirmed: ["key", "buyer"],
  InvoiceUsed: ["key", "voucherId", "amount", "used"],
  CashTransfer: ["from", "to", "value"],
  CashApproval: ["owner", "spender", "value"],
  CashMinted: ["bank", "to", "amount", "ref"],
  CashBurned: ["bank", "from", "amount", "ref"],
  SettlementBankDesignated: ["bank"],
  Transfer: ["from", "to", "tokenId"],
  TransferValue: ["fromTokenId", "toTokenId", "value"],
  SlotChanged: ["tokenId", "oldSlot", "newSlot"],
  VoucherIssued: ["id", "debtor", "holder", "amount", "maturity"],
  VoucherSplit: ["parentId", "id", "holder", "amount"],
  VoucherTransferred: ["parentId", "id", "to", "from", "amount", "depth"],
  VoucherLocked: ["id", "amount", "locked"],
  VoucherUnlocked: ["id", "amount", "locked"],
  VoucherFinanced: ["parentId", "id", "bank", "amount"],
  VoucherRedeemed: ["id", "holder", "value"],
  // As in the EVM log: the adapter unpacks debtor and maturity from the slot id.
  SlotFunded: ["slot", "amount", "escrowed"],
  FeeChanged: ["feeBps", "recipient"],
  FinancingRequested: ["requestId", "voucherId", "bank", "holder", "amount", "rateBps", "feeBps", "deadline"],
  FinancingExecuted: ["requestId", "pieceId", "days", "interest", "fee", "net"],
  FinancingDeclined: ["requestId"],
  FinancingCancelled: ["requestId"],
  FinancingReleased: ["requestId", "releasedBy"],
  GracePeriodChanged: ["graceSeconds"],
  SlotFundedBy: ["debtor", "maturity", "amount"],
  SlotOverdue: ["debtor", "maturity", "shortfall"],
};

test("every event of a full story has a name and the fields of chain/events.ts", async () => {
  const ledger = await fundedLedger();
  const { operator, regulator, core, tier1, tier2, tier3, bank, bank2, cashBank } = ledger.cast;
  const soon = cstMidnightAfter(START, 10n);
  const later = cstMidnightAfter(START, 40n);
  const rules = { maxDepth: 5, maxTermDays: 180, minSplit: "1", invoicesRequired: true, whitelistOnly: false, banksRestricted: false, issuanceCoveredByCredit: true };

  await ledger.submit(operator, "Participants:setRoles", tier3.account, "8");
  await ledger.submit(operator, "Participants:updateKyc", tier3.account, bytes32("kyc"));
  await ledger.submit(operator, "Participants:suspend", tier3.account);
  await ledger.submit(operator, "Participants:reinstate", tier3.account);
  await ledger.submit(regulator, "Participants:freeze", tier3.account);
  await ledger.submit(regulator, "Participants:unfreeze", tier3.account);
  await ledger.submit(operator, "Participants:anchorAuditLog", bytes32("head"), "7");
  await ledger.submit(operator, "Rules:setBounds", JSON.stringify({ maxDepth: 10, maxTermDays: 365, minSplitFloor: "1", invoicesMandatory: false, coverageMandatory: false }));
  await ledger.submit(core, "Rules:setRules", JSON.stringify(rules));
  await ledger.submit(core, "Rules:setWhitelisted", JSON.stringify([tier1.account]), "true");
  await ledger.submit(core, "Rules:setEligibleBanks", JSON.stringify([bank.account]), "true");
  await ledger.submit(bank2, "CreditLines:grant", core.account, "1000", (START + DAY).toString());
  await ledger.submit(bank2, "CreditLines:amend", core.account, "2000", (START + DAY).toString());
  await ledger.submit(bank2, "CreditLines:close", core.account);
  await ledger.submit(operator, "Financing:setFee", "10", operator.account);
  await ledger.submit(operator, "Settlement:setGracePeriod", "0");

  const a = await ledger.issue(tier1, 100_000n, soon);
  const b = await ledger.issue(tier1, 100_000n, later);
  const piece = await ledger.transfer(tier1, a, tier2, 30_000n);
  await ledger.submit(tier2, "Vouchers:split", piece.toString(), JSON.stringify(["1000"]));
  const declined = (await ledger.submit(tier1, "Financing:request", a.toString(), "1000", bank.account, "365", (START + DAY).toString())).payload;
  await ledger.submit(bank, "Financing:decline", declined);
  const cancelled = (await ledger.submit(tier1, "Financing:request", a.toString(), "1000", bank.account, "365", (START + DAY).toString())).payload;
  await ledger.submit(tier1, "Financing:cancel", cancelled);
  const lapsed = (await ledger.submit(tier1, "Financing:request", b.toString(), "1000", bank.account, "365", (START + DAY).toString())).payload;
  const executed = (await ledger.submit(tier1, "Financing:request", a.toString(), "20000", bank.account, "365", (START + DAY).toString())).payload;
  const financed = BigInt((JSON.parse((await ledger.submit(bank, "Financing:execute", executed)).payload) as { pieceId: string }).pieceId);
  await ledger.submit(core, "Cash:approve", cashBank.account, "10");
  await ledger.submit(cashBank, "Cash:burn", core.account, "10", bytes32("withdrawal"));
  await ledger.submit(regulator, "Cash:designateSettlementBank", bank2.account);

  ledger.peer.advance(2n * DAY);
  await ledger.submit(tier3, "Financing:release", lapsed);
  await ledger.submit(core, "Settlement:fund", soon.toString());
  ledger.peer.advance(soon - START);
  await ledger.submit(tier3, "Settlement:redeemBatch", JSON.stringify([a.toString(), piece.toString(), financed.toString()]));
  ledger.peer.advance(later - soon);
  await ledger.submit(tier3, "Settlement:flagOverdue", core.account, later.toString());

  const seen = new Set<string>();
  for (const { events } of ledger.peer.log) {
    for (const { name, args } of events) {
      const fields = FIELDS[name as EventName];
      expect(fields, `${name} is not an event of chain/events.ts`).toBeDefined();
      expect(Object.keys(args).sort(), name).toEqual([...(fields as readonly string[])].sort());
      seen.add(name);
    }
  }
  // The story reaches every event the chaincode emits.
  expect([...seen].sort()).toEqual(Object.keys(FIELDS).sort());
});
