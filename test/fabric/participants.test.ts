import { beforeEach, describe, expect, test } from "vitest";
import { accountOf, bareLedger, bytes32, enrol, MSP, ROLES, type Ledger } from "./support/fixture";

let ledger: Ledger;
beforeEach(async () => {
  ledger = await bareLedger();
});

const ZERO = `0x${"0".repeat(40)}`;

describe("Genesis", () => {
  test("registers the operator and the regulator, sets the bounds and a zero fee, once", async () => {
    const { operator, regulator } = ledger.cast;
    const [init] = ledger.peer.log;
    expect(init.events.map((e) => e.name)).toEqual(["ParticipantRegistered", "ParticipantRegistered", "BoundsChanged", "FeeChanged"]);
    expect(init.events[0].args).toEqual({ account: operator.account, roles: ROLES.operator, usccHash: bytes32z(), kycHash: bytes32z() });
    expect(init.events[3].args).toEqual({ feeBps: 0, recipient: operator.account });
    expect(await ledger.query("Participants:get", regulator.account)).toMatchObject({ roles: ROLES.regulator, status: 1, mspId: MSP });
    await ledger.refuses(ledger.submit(operator, "Genesis:init", regulator.account, MSP), "LedgerAlreadyInitialised");
  });
});

const bytes32z = () => `0x${"0".repeat(64)}`;

describe("register", () => {
  test("the operator registers an organisation with its roles, hashes and MSP", async () => {
    const account = accountOf("newcomer");
    const e = await ledger.submit(ledger.cast.operator, "Participants:register", account, String(ROLES.core | ROLES.supplier), bytes32("u"), bytes32("k"), MSP);
    expect(e.events).toEqual([{ name: "ParticipantRegistered", args: { account, roles: 12, usccHash: bytes32("u"), kycHash: bytes32("k") } }]);
    expect(await ledger.query("Participants:get", account)).toEqual({ account, roles: 12, status: 1, usccHash: bytes32("u"), kycHash: bytes32("k"), mspId: MSP });
  });

  test("accounts are case-insensitive and stored in lower case", async () => {
    const account = accountOf("mixed");
    await ledger.submit(ledger.cast.operator, "Participants:register", account.toUpperCase().replace("0X", "0x"), "8", bytes32("u"), bytes32("k"), MSP);
    expect(await ledger.query("Participants:get", account)).toMatchObject({ status: 1 });
  });

  test.each([
    ["a non-operator", "core", accountOf("x"), "8", MSP, "ParticipantsMissingRole"],
    ["the zero address", "operator", ZERO, "8", MSP, "ParticipantsZeroAddress"],
    ["no roles", "operator", accountOf("x"), "0", MSP, "ParticipantsInvalidRoles"],
    ["roles past 255", "operator", accountOf("x"), "256", MSP, "LedgerInvalidArgument"],
    ["the regulator's role", "operator", accountOf("x"), "10", MSP, "ParticipantsRegulatorRoleReserved"],
    ["an account registered already", "operator", "tier1", "8", MSP, "ParticipantsAlreadyRegistered"],
    ["a malformed account", "operator", "0x1234", "8", MSP, "LedgerInvalidArgument"],
    ["a malformed MSP id", "operator", accountOf("x"), "8", "Org 1", "LedgerInvalidArgument"],
  ] as const)("refuses %s", async (_what, caller, account, roles, msp, code) => {
    const cast = ledger.cast;
    const target = account === "tier1" ? cast.tier1.account : account;
    await ledger.refuses(ledger.submit(cast[caller], "Participants:register", target, roles, bytes32("u"), bytes32("k"), msp), code);
  });

  test("a suspended operator registers no one", async () => {
    const second = await enrol("operator2", "operator");
    await ledger.submit(ledger.cast.operator, "Participants:register", second.account, "1", bytes32("u"), bytes32("k"), MSP);
    await ledger.submit(second, "Participants:suspend", ledger.cast.operator.account);
    await ledger.refuses(ledger.submit(ledger.cast.operator, "Participants:register", accountOf("x"), "8", bytes32("u"), bytes32("k"), MSP), "ParticipantsNotActive");
  });
});

describe("roles", () => {
  test("setRoles replaces the roles, keeping the regulator's bit out of the operator's hands", async () => {
    const { operator, tier1, regulator } = ledger.cast;
    const e = await ledger.submit(operator, "Participants:setRoles", tier1.account, String(ROLES.supplier | ROLES.core));
    expect(e.events).toEqual([{ name: "ParticipantRolesChanged", args: { account: tier1.account, roles: 12 } }]);
    await ledger.refuses(ledger.submit(operator, "Participants:setRoles", tier1.account, "10"), "ParticipantsRegulatorRoleReserved");
    await ledger.refuses(ledger.submit(operator, "Participants:setRoles", regulator.account, "8"), "ParticipantsRegulatorRoleReserved");
    await ledger.refuses(ledger.submit(operator, "Participants:setRoles", operator.account, "8"), "ParticipantsSelfLockout");
    await ledger.refuses(ledger.submit(operator, "Participants:setRoles", tier1.account, "0"), "ParticipantsInvalidRoles");
    await ledger.refuses(ledger.submit(operator, "Participants:setRoles", accountOf("nobody"), "8"), "ParticipantsNotRegistered");
    await ledger.refuses(ledger.submit(tier1, "Participants:setRoles", tier1.account, "12"), "ParticipantsMissingRole");
  });

  test("only a regulator grants and revokes the regulator's role, never its own", async () => {
    const { regulator, operator, tier1 } = ledger.cast;
    const granted = await ledger.submit(regulator, "Participants:grantRegulator", tier1.account);
    expect(granted.events[0].args).toEqual({ account: tier1.account, roles: ROLES.supplier | ROLES.regulator });
    await ledger.refuses(ledger.submit(regulator, "Participants:grantRegulator", tier1.account), "ParticipantsStatusUnchanged");
    await ledger.refuses(ledger.submit(regulator, "Participants:grantRegulator", accountOf("nobody")), "ParticipantsNotRegistered");
    await ledger.refuses(ledger.submit(operator, "Participants:grantRegulator", operator.account), "ParticipantsMissingRole");
    await ledger.refuses(ledger.submit(regulator, "Participants:revokeRegulator", regulator.account), "ParticipantsSelfLockout");
    const revoked = await ledger.submit(regulator, "Participants:revokeRegulator", tier1.account);
    expect(revoked.events[0].args).toEqual({ account: tier1.account, roles: ROLES.supplier });
    await ledger.refuses(ledger.submit(regulator, "Participants:revokeRegulator", tier1.account), "ParticipantsStatusUnchanged");
  });

  test("updateKyc records a new hash", async () => {
    const { operator, tier1 } = ledger.cast;
    const e = await ledger.submit(operator, "Participants:updateKyc", tier1.account, bytes32("kyc 2"));
    expect(e.events).toEqual([{ name: "ParticipantKycUpdated", args: { account: tier1.account, kycHash: bytes32("kyc 2") } }]);
    expect(await ledger.query("Participants:get", tier1.account)).toMatchObject({ kycHash: bytes32("kyc 2") });
    await ledger.refuses(ledger.submit(operator, "Participants:updateKyc", accountOf("nobody"), bytes32("k")), "ParticipantsNotRegistered");
    await ledger.refuses(ledger.submit(operator, "Participants:updateKyc", tier1.account, "0x12"), "LedgerInvalidArgument");
    await ledger.refuses(ledger.submit(tier1, "Participants:updateKyc", tier1.account, bytes32("k")), "ParticipantsMissingRole");
  });
});

describe("status", () => {
  test("suspension and freeze are independent, and frozen wins", async () => {
    const { operator, regulator, tier1 } = ledger.cast;
    const s = await ledger.submit(operator, "Participants:suspend", tier1.account);
    expect(s.events).toEqual([{ name: "ParticipantSuspensionChanged", args: { account: tier1.account, suspended: true } }]);
    expect(await ledger.query("Participants:get", tier1.account)).toMatchObject({ status: 2 });
    const f = await ledger.submit(regulator, "Participants:freeze", tier1.account);
    expect(f.events).toEqual([{ name: "ParticipantFreezeChanged", args: { account: tier1.account, frozen: true } }]);
    expect(await ledger.query("Participants:get", tier1.account)).toMatchObject({ status: 3 });
    await ledger.submit(regulator, "Participants:unfreeze", tier1.account);
    expect(await ledger.query("Participants:get", tier1.account)).toMatchObject({ status: 2 });
    await ledger.submit(operator, "Participants:reinstate", tier1.account);
    expect(await ledger.query("Participants:get", tier1.account)).toMatchObject({ status: 1 });
  });

  test("a suspended participant cannot act", async () => {
    const { operator, tier1, core } = ledger.cast;
    await ledger.submit(operator, "Participants:suspend", tier1.account);
    await ledger.refuses(ledger.submit(tier1, "Invoices:register", bytes32("inv"), core.account, "100", bytes32("c")), "ParticipantsNotActive");
  });

  test.each([
    ["suspend a regulator", "operator", "Participants:suspend", "regulator", "ParticipantsRegulatorRoleReserved"],
    ["suspend oneself", "operator", "Participants:suspend", "operator", "ParticipantsSelfLockout"],
    ["reinstate an active participant", "operator", "Participants:reinstate", "tier1", "ParticipantsStatusUnchanged"],
    ["suspend an unregistered account", "operator", "Participants:suspend", "nobody", "ParticipantsNotRegistered"],
    ["freeze as the operator", "operator", "Participants:freeze", "tier1", "ParticipantsMissingRole"],
    ["freeze oneself", "regulator", "Participants:freeze", "regulator", "ParticipantsSelfLockout"],
    ["unfreeze an unfrozen participant", "regulator", "Participants:unfreeze", "tier1", "ParticipantsStatusUnchanged"],
    ["suspend as a supplier", "tier2", "Participants:suspend", "tier1", "ParticipantsMissingRole"],
  ] as const)("refuses to %s", async (_what, caller, fn, target, code) => {
    const cast = ledger.cast;
    const account = target === "nobody" ? accountOf("nobody") : cast[target].account;
    await ledger.refuses(ledger.submit(cast[caller], fn, account), code);
  });

  test("suspending twice and freezing twice change nothing", async () => {
    const { operator, regulator, tier1 } = ledger.cast;
    await ledger.submit(operator, "Participants:suspend", tier1.account);
    await ledger.refuses(ledger.submit(operator, "Participants:suspend", tier1.account), "ParticipantsStatusUnchanged");
    await ledger.submit(regulator, "Participants:freeze", tier1.account);
    await ledger.refuses(ledger.submit(regulator, "Participants:freeze", tier1.account), "ParticipantsStatusUnchanged");
  });

  test("an unregistered account reads as status none with no roles", async () => {
    expect(await ledger.query("Participants:get", accountOf("nobody"))).toMatchObject({ roles: 0, status: 0, mspId: "" });
  });
});

describe("anchorAuditLog", () => {
  test("the operator anchors the audit log's head; nothing is stored", async () => {
    const { operator, tier1 } = ledger.cast;
    const before = ledger.snapshot();
    const e = await ledger.submit(operator, "Participants:anchorAuditLog", bytes32("head"), "42");
    expect(e.events).toEqual([{ name: "AuditLogAnchored", args: { operator: operator.account, head: bytes32("head"), entries: "42" } }]);
    expect(ledger.snapshot()).toEqual(before);
    await ledger.refuses(ledger.submit(tier1, "Participants:anchorAuditLog", bytes32("head"), "42"), "ParticipantsMissingRole");
    await ledger.refuses(ledger.submit(operator, "Participants:anchorAuditLog", bytes32("head"), "-1"), "LedgerInvalidArgument");
  });
});
