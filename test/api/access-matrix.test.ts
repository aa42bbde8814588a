/**
 * The authorisation matrix: every route × every organisation × every role, generated from one table. Each
 * route declares (in the table below) which object it is about and who is party to it; the test derives what
 * each caller must get — 401 without credentials, 403 for a kind or role the route does not admit, 404 for an
 * object the caller's organisation is not party to (never 403: ids cannot be probed), 200 for a party reading —
 * and checks that no refused call changed anything. A route missing from the table fails the test, so a new
 * route cannot skip the matrix.
 */
import type { AddressInfo } from "node:net";
import type { Server as HttpServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxApplicant } from "../../seeds/registry";
import { DEMO_PASSWORD } from "../../seeds/load";
import { PlatformClient } from "../../scripts/demo/client";
import { newState, STEPS, type StoryContext } from "../../scripts/demo/story";
import { SigningDevice } from "../../scripts/iot/signing-device";
import { testApi, type Handle, type Role, type TestApi } from "../helpers/api";
import { inventorySteps } from "../helpers/inventory";
import { iotModule, registeredDevice, sendReadings } from "../helpers/iot";
import { ignore } from "../helpers/quiet";
import { ifOpened } from "../helpers/teardown";

const HANDLES: Handle[] = ["operator", "regulator", "core", "tier1", "tier2", "tier3", "tier4", "core2", "core2-tier1", "bank", "bank2", "settlement-bank", "warehouse", "guarantor", "insurer"];
const ROLES: Role[] = ["admin", "maker", "checker"];
const PLATFORM: Handle[] = ["operator", "regulator"];

/** What the fixtures hold: ids of real objects, created through the API as the demo story does. */
interface Fixtures {
  org: Record<Handle, string>;
  applicationId: string;
  pendingActionId: string;
  invoiceId: string;
  voucher: string;
  root: string;
  openFinancing: string;
  acceptedFinancing: string;
  maturity: string;
  userOf: (h: Handle) => string;
  apiKeyOf: (h: Handle) => string;
  webhookEndpoint: string;
  /** An alert on the bank's line to the core enterprise. */
  alert: string;
  /** Tier 2's document. */
  document: string;
  /** Tier 3's disclosure to the bank, and its consent to the bank's queries. */
  disclosure: string;
  consent: string;
  /** The warehouse's device, and one of its readings, anchored. */
  device: string;
  reading: string;
  /** Tier 1's receipt, pledged to the bank in `loan` (requested), and another of its receipts, free. */
  receipt: string;
  freeReceipt: string;
  loan: string;
  /** The guarantor's guarantee of `loan` to the bank (active), the insurer's policy on `receipt` with tier 1's claim (filed), and the receipt's fee account (open). */
  guarantee: string;
  policy: string;
  claim: string;
}

interface Target {
  params: Record<string, string>;
  /** Organisations that may see the object. "all": a directory everyone may read. */
  viewers: Handle[] | "all";
  /** Of those, who may change it (mutations). Viewers who may not get a 4xx other than 404. */
  actors?: Handle[];
  /** Whether the operator and the regulator see it as well (default true for reads). */
  platformSees?: boolean;
}

interface Case {
  target?: (f: Fixtures) => Target;
  body?: (f: Fixtures) => unknown;
  query?: string;
  /** For routes whose service narrows the declared kinds further: the status a caller must get, if known. */
  refine?: (h: Handle, role: Role) => number | undefined;
}

const yuan = "1000.00";
const voucherTarget = (f: Fixtures): Target => ({ params: { id: f.voucher }, viewers: ["tier1", "tier2", "tier3", "core"], actors: ["tier3"] });
const settlementBankOnly = (): Target => ({ params: {}, viewers: "all", actors: ["settlement-bank"] });
const ownOrg = (h: Handle) => (f: Fixtures): Target => ({ params: { id: f.org[h] }, viewers: [h], platformSees: false });

/** A pledged receipt's parties: its owner acts; the warehouse, the pledgee bank and the platform see it but may not move it. */
const receiptTarget = (f: Fixtures): Target => ({ params: { id: f.receipt }, viewers: ["tier1", "warehouse", "bank", ...PLATFORM], actors: ["tier1"] });
/** A requested pledge loan: its borrower and its bank are party to it; the platform sees it and may only check it. */
const loanTarget = (f: Fixtures): Target => ({ params: { id: f.loan }, viewers: ["tier1", "bank", ...PLATFORM] });

/** An active guarantee of the bank's loan: its guarantor and its bank are party; the platform sees it. */
const guaranteeTarget = (f: Fixtures, actors: Handle[]): Target => ({ params: { id: f.guarantee }, viewers: ["guarantor", "bank", ...PLATFORM], actors });
/** The insurer's policy on tier 1's receipt pledged to the bank. */
const policyTarget = (f: Fixtures): Target => ({ params: { id: f.policy }, viewers: ["insurer", "tier1", "bank", ...PLATFORM], actors: ["tier1", "bank"] });
const claimTarget = (f: Fixtures): Target => ({ params: { claimId: f.claim }, viewers: ["insurer"], actors: ["insurer"] });
/** Tier 1's receipt's fee account: its warehouse and its owner are party (the pledgee bank and the platform do not act on it). */
const feeTarget = (actors: Handle[]) => (f: Fixtures): Target => ({ params: { receiptId: f.receipt }, viewers: ["warehouse", "tier1"], actors });
const commitment = `0x${"ab".repeat(32)}`;

/** Every route of the API. The key is `METHOD path` as the route declares it. */
const MATRIX: Record<string, Case> = {
  "GET /health": {},
  "GET /ready": {},
  "POST /auth/login": {},
  "POST /auth/refresh": {},
  "GET /me": {},
  "POST /applications": {},
  "GET /applications": {},
  "GET /applications/:id": { target: (f) => ({ params: { id: f.applicationId }, viewers: ["operator"] }) },
  "POST /applications/:id/approve": { target: (f) => ({ params: { id: f.applicationId }, viewers: ["operator"], actors: ["operator"] }) },
  "POST /applications/:id/reject": { target: (f) => ({ params: { id: f.applicationId }, viewers: ["operator"], actors: ["operator"] }), body: () => ({ note: "no" }) },
  "GET /orgs": {},
  "GET /orgs/:id": { target: (f) => ({ params: { id: f.org.tier2 }, viewers: "all" }) },
  "POST /orgs/:id/suspend": { target: (f) => ({ params: { id: f.org.tier2 }, viewers: "all", actors: ["operator"] }) },
  "POST /orgs/:id/reinstate": { target: (f) => ({ params: { id: f.org.tier2 }, viewers: "all", actors: ["operator"] }) },
  "POST /orgs/:id/freeze": { target: (f) => ({ params: { id: f.org.tier2 }, viewers: "all", actors: ["regulator"] }) },
  "POST /orgs/:id/unfreeze": { target: (f) => ({ params: { id: f.org.tier2 }, viewers: "all", actors: ["regulator"] }) },
  "GET /orgs/:id/users": { target: ownOrg("tier2") },
  "POST /orgs/:id/users": {
    target: (f) => ({ ...ownOrg("tier2")(f), actors: ["tier2"] }),
    body: () => ({ email: "matrix@yichun-cell.example", name: "x", role: "maker", password: "long enough password" }),
  },
  "PUT /orgs/:id/users/:userId/role": {
    target: (f) => ({ params: { id: f.org.tier2, userId: f.userOf("tier2") }, viewers: ["tier2"], actors: ["tier2"], platformSees: false }),
    body: () => ({ role: "checker" }),
  },
  "POST /orgs/:id/users/:userId/disable": {
    target: (f) => ({ params: { id: f.org.tier2, userId: f.userOf("tier2") }, viewers: ["tier2"], actors: ["tier2"], platformSees: false }),
  },
  "POST /orgs/:id/users/:userId/unlock": {
    target: (f) => ({ params: { id: f.org.tier2, userId: f.userOf("tier2") }, viewers: ["tier2"], actors: ["tier2"], platformSees: false }),
  },
  "GET /orgs/:id/api-keys": { target: ownOrg("tier2") },
  "POST /orgs/:id/api-keys": { target: (f) => ({ ...ownOrg("tier2")(f), actors: ["tier2"] }), body: (f) => ({ name: "erp", role: "maker", userId: f.userOf("tier2") }) },
  "POST /orgs/:id/api-keys/:keyId/revoke": {
    target: (f) => ({ params: { id: f.org.tier2, keyId: f.apiKeyOf("tier2") }, viewers: ["tier2"], actors: ["tier2"], platformSees: false }),
  },
  "GET /orgs/:id/webhooks": { target: ownOrg("tier2") },
  "POST /orgs/:id/webhooks": { target: (f) => ({ ...ownOrg("tier2")(f), actors: ["tier2"] }), body: () => ({ url: "https://erp.example/hooks", events: ["voucher.received"] }) },
  "POST /orgs/:id/webhooks/:endpointId/disable": {
    target: (f) => ({ params: { id: f.org.tier2, endpointId: f.webhookEndpoint }, viewers: ["tier2"], actors: ["tier2"], platformSees: false }),
  },
  "GET /orgs/:id/webhook-deliveries": { target: ownOrg("tier2") },
  "POST /orgs/:id/webhook-deliveries/:deliveryId/replay": {
    // Only tier 2's admin may act, and that call is skipped: any delivery id serves to prove everyone else's refusal.
    target: (f) => ({ params: { id: f.org.tier2, deliveryId: "00000000-0000-4000-8000-000000000000" }, viewers: ["tier2"], actors: ["tier2"], platformSees: false }),
  },
  "GET /approvals": {},
  // Everyone reads and marks read its own organisation's notifications; there is no one else's to name.
  "GET /notifications": {},
  "GET /notifications/unread-count": {},
  "POST /notifications/read": { body: () => ({}) },
  "GET /approvals/:id": { target: (f) => ({ params: { id: f.pendingActionId }, viewers: ["core"] }) },
  "POST /approvals/:id/approve": { target: (f) => ({ params: { id: f.pendingActionId }, viewers: ["core"], actors: ["core"], platformSees: false }) },
  "POST /approvals/:id/reject": {
    target: (f) => ({ params: { id: f.pendingActionId }, viewers: ["core"], actors: ["core"], platformSees: false }),
    body: () => ({ note: "no" }),
  },
  "GET /credit-lines": {},
  "POST /credit-lines": { body: (f) => ({ coreOrgId: f.org.core2, limit: yuan, expiry: "2099-01-01" }) },
  "GET /credit-lines/:id": { target: (f) => ({ params: { id: `${f.org.bank}.${f.org.core}` }, viewers: ["bank", "core"] }) },
  "PUT /credit-lines/:id": {
    target: (f) => ({ params: { id: `${f.org.bank}.${f.org.core}` }, viewers: ["bank", "core"], actors: ["bank"] }),
    body: () => ({ limit: "60000000.00" }),
  },
  "POST /credit-lines/:id/close": { target: (f) => ({ params: { id: `${f.org.bank}.${f.org.core}` }, viewers: ["bank", "core"], actors: ["bank"] }) },
  "GET /programs/bounds": {},
  "PUT /programs/bounds": { body: () => ({ maxDepth: 8, maxTermDays: 360, minSplitFloor: "0.01", invoicesMandatory: false, coverageMandatory: false }) },
  "GET /programs/:coreOrgId/rules": { target: (f) => ({ params: { coreOrgId: f.org.core }, viewers: "all" }) },
  "PUT /programs/:coreOrgId/rules": {
    target: (f) => ({ params: { coreOrgId: f.org.core }, viewers: "all", actors: ["core"] }),
    body: () => ({ maxDepth: 6, maxTermDays: 180, minSplit: "100.00", invoicesRequired: true, whitelistOnly: true, banksRestricted: true, issuanceCoveredByCredit: true }),
  },
  "GET /programs/:coreOrgId/suppliers": { target: (f) => ({ params: { coreOrgId: f.org.core }, viewers: ["core"] }) },
  "GET /programs/:coreOrgId/banks": { target: (f) => ({ params: { coreOrgId: f.org.core }, viewers: ["core"] }) },
  "PUT /programs/:coreOrgId/suppliers/:orgId": {
    target: (f) => ({ params: { coreOrgId: f.org.core, orgId: f.org.tier2 }, viewers: ["core"], actors: ["core"], platformSees: false }),
  },
  "DELETE /programs/:coreOrgId/suppliers/:orgId": {
    target: (f) => ({ params: { coreOrgId: f.org.core, orgId: f.org.tier2 }, viewers: ["core"], actors: ["core"], platformSees: false }),
  },
  "PUT /programs/:coreOrgId/banks/:orgId": {
    target: (f) => ({ params: { coreOrgId: f.org.core, orgId: f.org.bank }, viewers: ["core"], actors: ["core"], platformSees: false }),
  },
  "DELETE /programs/:coreOrgId/banks/:orgId": {
    target: (f) => ({ params: { coreOrgId: f.org.core, orgId: f.org.bank }, viewers: ["core"], actors: ["core"], platformSees: false }),
  },
  "GET /cash/balance": {},
  "GET /cash/orders": {},
  // Any bank's maker passes the route's kind and role; only the settlement bank's may act.
  "POST /cash/deposits": { target: settlementBankOnly, body: (f) => ({ organisationId: f.org.tier4, amount: yuan, reference: "matrix deposit" }) },
  "POST /cash/withdrawals": { target: settlementBankOnly, body: (f) => ({ organisationId: f.org.tier4, amount: "0.01", reference: "matrix withdrawal" }) },
  "GET /cash/settlement-bank": {},
  "PUT /cash/settlement-bank": { body: (f) => ({ organisationId: f.org.bank }) },
  "PUT /cash/allowances/:bankOrgId": { target: (f) => ({ params: { bankOrgId: f.org.bank }, viewers: "all", actors: HANDLES }), body: () => ({ amount: "0.00" }) },
  "GET /invoices": {},
  "POST /invoices": {
    body: (f) => ({ kind: "digital", number: "26360000000000999999", buyerOrgId: f.org.tier1, amount: yuan, tax: "0.00", issueDate: "2026-12-01" }),
  },
  "GET /invoices/:id": { target: (f) => ({ params: { id: f.invoiceId }, viewers: ["tier2", "tier1"] }) },
  "POST /invoices/:id/confirm": { target: (f) => ({ params: { id: f.invoiceId }, viewers: ["tier2", "tier1"], actors: ["tier1"] }) },
  "POST /invoices/:id/dispute": { target: (f) => ({ params: { id: f.invoiceId }, viewers: ["tier2", "tier1"], actors: ["tier1"] }), body: () => ({ reason: "no" }) },
  "GET /vouchers": {},
  "POST /vouchers": { body: (f) => ({ supplierOrgId: f.org.tier1, amount: yuan, maturity: f.maturity, invoiceIds: [] }) },
  "GET /vouchers/:id": { target: voucherTarget },
  "POST /vouchers/:id/transfers": { target: voucherTarget, body: (f) => ({ toOrgId: f.org.tier4, amount: "100.00", invoiceIds: [] }) },
  "POST /vouchers/:id/splits": { target: voucherTarget, body: () => ({ amounts: ["100.00"] }) },
  "GET /vouchers/:id/tree": { target: (f) => ({ params: { id: f.root }, viewers: ["core"] }) },
  "GET /financing/fee": {},
  "PUT /financing/fee": { body: (f) => ({ feeBps: 10, recipientOrgId: f.org.operator }) },
  "GET /financing/requests": {},
  "POST /financing/requests": { body: (f) => ({ voucherId: f.voucher, amount: "100.00" }) },
  "GET /financing/requests/:id": { target: (f) => ({ params: { id: f.openFinancing }, viewers: ["tier3", "bank", "bank2"] }) },
  "POST /financing/requests/:id/quotes": {
    target: (f) => ({ params: { id: f.openFinancing }, viewers: ["tier3", "bank", "bank2"], actors: ["bank", "bank2"] }),
    body: () => ({ rateBps: 400 }),
  },
  "GET /financing/requests/:id/quote-preview": {
    target: (f) => ({ params: { id: f.openFinancing }, viewers: ["tier3", "bank", "bank2"], actors: ["bank", "bank2"] }),
    query: "rateBps=400",
  },
  "POST /financing/requests/:id/accept": {
    target: (f) => ({ params: { id: f.openFinancing }, viewers: ["tier3", "bank", "bank2"], actors: ["tier3"] }),
    body: () => ({ quoteId: "00000000-0000-4000-8000-000000000000" }),
  },
  "POST /financing/requests/:id/cancel": { target: (f) => ({ params: { id: f.openFinancing }, viewers: ["tier3", "bank", "bank2"], actors: ["tier3"] }) },
  "POST /financing/requests/:id/approve": { target: (f) => ({ params: { id: f.acceptedFinancing }, viewers: ["tier3", "bank"], actors: ["bank"] }) },
  "POST /financing/requests/:id/decline": { target: (f) => ({ params: { id: f.acceptedFinancing }, viewers: ["tier3", "bank"], actors: ["bank"] }) },
  "POST /settlements": { body: (f) => ({ maturity: f.maturity }) },
  "GET /settlements": {},
  "GET /settlements/:debtorOrgId/:maturity": {
    target: (f) => ({ params: { debtorOrgId: f.org.core, maturity: f.maturity }, viewers: ["core", "tier1", "tier2", "tier3", "bank", "bank2"] }),
  },
  "POST /settlements/run": {},
  "GET /clock": {},
  "POST /clock/advance": { body: () => ({ days: 1 }) },
  "GET /audit/events": {},
  "GET /audit/vouchers/:id/trace": { target: (f) => ({ params: { id: f.voucher }, viewers: [] }) },
  "GET /audit/reconciliation": {},
  "GET /audit/log": {
    // Declared for everyone signed in; the service admits the platform and each organisation's admin (its own entries).
    refine: (h, role) => (PLATFORM.includes(h) || role === "admin" ? 200 : 403),
  },
  "GET /audit/log/verify": {},
  "GET /audit/anchors": {},
  "GET /alerts": {},
  "GET /alerts/:id": { target: (f) => ({ params: { id: f.alert }, viewers: ["bank", "core"] }) },
  "POST /alerts/:id/acknowledge": { target: (f) => ({ params: { id: f.alert }, viewers: ["bank", "core", "regulator"], actors: ["regulator"] }), body: () => ({}) },
  "POST /alerts/:id/resolve": { target: (f) => ({ params: { id: f.alert }, viewers: ["bank", "core", "regulator"], actors: ["regulator"] }), body: () => ({ note: "x" }) },
  "POST /documents": { body: () => ({ kind: "contract", name: "x.pdf", mediaType: "application/pdf", content: "JVBERg==" }) },
  "GET /documents": {},
  // The regulator may open any document; the operator runs the platform but does not read its users' papers.
  "GET /documents/:id": { target: (f) => ({ params: { id: f.document }, viewers: ["tier2", "regulator"], platformSees: false }) },
  "GET /documents/:id/content": { target: (f) => ({ params: { id: f.document }, viewers: ["tier2", "regulator"], platformSees: false }) },
  "POST /vouchers/:id/disclosures": { target: voucherTarget, body: (f) => ({ bankOrgId: f.org.bank, fields: ["amount"] }) },
  "GET /disclosures": {},
  "GET /disclosures/:id": { target: (f) => ({ params: { id: f.disclosure }, viewers: ["tier3", "bank"] }) },
  "POST /risk-data/consents": { body: (f) => ({ bankOrgId: f.org.bank, until: "2099-01-01" }) },
  "GET /risk-data/consents": {},
  "POST /risk-data/consents/:id/withdraw": { target: (f) => ({ params: { id: f.consent }, viewers: ["tier3", "bank"], actors: ["tier3"] }) },
  "POST /risk-data/queries": { body: (f) => ({ subjectOrgId: f.org.tier3 }) },
  "GET /risk-data/queries": {},
  "GET /risk-data/fee": {},
  "PUT /risk-data/fee": { body: (f) => ({ fee: "50.00", recipientOrgId: f.org.operator }) },
  "GET /risk-data/budget": {},
  "PUT /risk-data/budget": { body: () => ({ amount: "500.00" }) },
  "POST /iot/devices": { body: () => ({ kind: "door-sensor", publicKey: new SigningDevice("door-sensor").publicKey, bay: "matrix" }) },
  "GET /iot/devices": {},
  "POST /iot/devices/:id/retire": { target: (f) => ({ params: { id: f.device }, viewers: ["warehouse"], actors: ["warehouse"] }) },
  "POST /iot/readings": {},
  "GET /iot/readings/:id/proof": { target: (f) => ({ params: { id: f.reading }, viewers: ["warehouse"] }) },
  "POST /receipts": { body: (f) => ({ depositorOrgId: f.org.tier1, commodity: "LI2CO3", grade: "A", quantity: "1", readingId: f.reading, inbound: "matrix", bay: "matrix", document: `0x${"ab".repeat(32)}` }) },
  "GET /receipts": {},
  "GET /receipts/:id": { target: (f) => ({ params: { id: f.receipt }, viewers: ["tier1", "warehouse", "bank"] }) },
  "POST /receipts/:id/transfer": { target: receiptTarget, body: (f) => ({ toOrgId: f.org.tier2 }) },
  "POST /receipts/:id/split": { target: receiptTarget, body: () => ({ lots: [{ quantity: "1", document: `0x${"ab".repeat(32)}` }, { quantity: "1", document: `0x${"cd".repeat(32)}` }] }) },
  "POST /receipts/:id/deliver": { target: receiptTarget },
  "POST /receipts/:id/cancel": { target: receiptTarget },
  "GET /prices": {},
  "POST /prices": { body: () => ({ commodity: "MATRIX", yuanPerTonne: "1.00" }) },
  "GET /prices/publishers": {},
  "POST /prices/publishers": { body: (f) => ({ orgId: f.org.tier4 }) },
  "POST /prices/publishers/:orgId/dismiss": { target: (f) => ({ params: { orgId: f.org.operator }, viewers: "all" }) },
  "GET /pledges/terms": {},
  "PUT /pledges/bounds": { body: () => ({ maxPledgeRateBps: 7000, warningBps: 8000, callBps: 8500, callDays: 3, graceDays: 10 }) },
  "PUT /pledges/fee": { body: (f) => ({ feeBps: 10, recipientOrgId: f.org.operator }) },
  "GET /pledges/rates": {},
  "PUT /pledges/rates/:commodity": { target: () => ({ params: { commodity: "LI2CO3" }, viewers: "all" }), body: () => ({ rateBps: 5000 }) },
  "POST /pledges": { body: (f) => ({ receiptIds: [f.freeReceipt], bankOrgId: f.org.bank, amount: "1.00", rateBps: 500, maturity: "2099-01-01" }) },
  "GET /pledges": {},
  "GET /pledges/:id": { target: (f) => ({ params: { id: f.loan }, viewers: ["tier1", "bank"] }) },
  "POST /pledges/:id/cancel": { target: (f) => ({ ...loanTarget(f), actors: ["tier1", "bank"] }) },
  "POST /pledges/:id/drawdown": { target: (f) => ({ ...loanTarget(f), actors: ["bank"] }) },
  "POST /pledges/:id/top-up": { target: (f) => ({ ...loanTarget(f), actors: ["tier1"] }), body: (f) => ({ receiptIds: [f.freeReceipt] }) },
  "POST /pledges/:id/repay": { target: (f) => ({ ...loanTarget(f), actors: ["tier1"] }), body: () => ({ amount: "1.00" }) },
  "POST /pledges/:id/check": { target: (f) => ({ ...loanTarget(f), actors: ["tier1", "bank", ...PLATFORM] }) },
  "POST /pledges/:id/default": { target: (f) => ({ ...loanTarget(f), actors: ["bank"] }) },
  "POST /pledges/:id/seize": { target: (f) => ({ ...loanTarget(f), actors: ["bank"] }) },
  "POST /guarantees": { body: (f) => ({ kind: "pledgeLoan", subject: f.loan, bankOrgId: f.org.bank, amount: "1.00", expiry: "2099-01-01" }) },
  "GET /guarantees": {},
  "GET /guarantees/:id": { target: (f) => ({ params: { id: f.guarantee }, viewers: ["guarantor", "bank"] }) },
  "POST /guarantees/:id/demand": { target: (f) => guaranteeTarget(f, ["bank"]) },
  // Not called yet: whoever may see it is refused with a status conflict, never a 404.
  "POST /guarantees/:id/recover": { target: (f) => guaranteeTarget(f, []), body: () => ({ amount: "1.00" }) },
  "POST /guarantees/:id/reclaim": { target: (f) => guaranteeTarget(f, []) },
  "POST /guarantees/:id/release": { target: (f) => guaranteeTarget(f, ["bank"]) },
  // It runs until 2099: every party is refused with GUARANTEE_NOT_EXPIRED.
  "POST /guarantees/:id/expire": { target: (f) => guaranteeTarget(f, []) },
  "POST /policies": { body: (f) => ({ receiptId: f.freeReceipt, insured: "1.00", start: "2026-01-01", end: "2099-01-01", terms: commitment }) },
  "GET /policies": {},
  "GET /policies/:id": { target: (f) => ({ params: { id: f.policy }, viewers: ["insurer", "tier1", "bank"] }) },
  "POST /policies/:id/claims": { target: policyTarget, body: () => ({ loss: "1.00", evidence: commitment }) },
  "POST /policies/claims/:claimId/accept": { target: claimTarget, body: () => ({ amount: "1.00" }) },
  "POST /policies/claims/:claimId/reject": { target: claimTarget, body: () => ({ reason: commitment }) },
  "GET /fees/tariffs": {},
  "PUT /fees/tariffs/:commodity": { target: () => ({ params: { commodity: "LI2CO3" }, viewers: "all" }), body: () => ({ storagePerTonneDay: "1.00", supervisionPerTonneDay: "0.50" }) },
  "GET /fees/accounts": {},
  "GET /fees/accounts/:receiptId": { target: (f) => ({ params: { receiptId: f.receipt }, viewers: ["warehouse", "tier1"] }) },
  "POST /fees/accounts/:receiptId/open": { target: feeTarget(["warehouse"]) },
  "POST /fees/accounts/:receiptId/supervision/start": { target: feeTarget(["warehouse"]) },
  "POST /fees/accounts/:receiptId/supervision/end": { target: feeTarget(["warehouse"]) },
  // The platform and the warehouse see the account and are refused with 403: the owner pays.
  "POST /fees/accounts/:receiptId/pay": { target: (f) => ({ ...feeTarget(["tier1"])(f), viewers: ["warehouse", "tier1", ...PLATFORM] }) },
  "GET /fees/report": {},
  "GET /settlements/penalty-rates": {},
  "PUT /settlements/penalty-rate": { body: () => ({ rateBps: 100 }) },
  // The piece is not redeemed: its holder, its debtor and the platform are refused with a conflict, others 404.
  "POST /settlements/penalties/:voucherId/pay": { target: (f) => ({ params: { voucherId: f.voucher }, viewers: ["tier3", "core", ...PLATFORM], actors: [] }) },
  "GET /reports/tier-reach": { refine: (h) => (PLATFORM.includes(h) || h === "core" || h === "core2" ? 200 : 403) },
  "GET /reports/outstanding": { refine: (h) => (PLATFORM.includes(h) || h === "core" || h === "core2" ? 200 : 403) },
};

describe("the authorisation matrix: every route × every organisation × every role", () => {
  let api: TestApi;
  let listener: HttpServer;
  let f: Fixtures;
  const tokens = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    api = await testApi();
    listener = api.server.app.listen(0);
    await new Promise((r) => listener.once("listening", r));
    const client = new PlatformClient({ baseUrl: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`, password: DEMO_PASSWORD });
    const ctx: StoryContext = { client, state: newState(), log: ignore };
    // The story up to (and including) the financing at tiers 3 and 4: every kind of object exists.
    for (const step of STEPS.slice(0, 9)) await step.run(ctx);
    const s = ctx.state;
    const as = (h: Handle, role: Role = "maker") => client.as(api.orgs[h].users.find((u) => u.role === role)!.email);
    const backing = await as("tier1").post<{ id: string }>("/invoices", { kind: "digital", number: "26369999000000000002", buyerOrgId: api.orgs.core.id, amount: "1000.00", tax: "0.00", issueDate: "2026-12-01" });
    await as("core").post(`/invoices/${backing.id}/confirm`);
    const pending = await as("core").post<{ id: string }>("/vouchers", { supplierOrgId: api.orgs.tier1.id, amount: "1000.00", maturity: s.maturity, invoiceIds: [backing.id] });
    const invoice = await as("tier2").post<{ id: string }>("/invoices", { kind: "digital", number: "26369999000000000001", buyerOrgId: api.orgs.tier1.id, amount: "1000.00", tax: "0.00", issueDate: "2026-12-01" });
    const open = await as("tier3").post<{ id: string }>("/financing/requests", { voucherId: s.pieces.tier3, amount: "1000.00" });
    const second = await as("tier3").post<{ id: string }>("/financing/requests", { voucherId: s.pieces.tier3, amount: "2000.00" });
    const quote = await as("bank").post<{ id: string }>(`/financing/requests/${second.id}/quotes`, { rateBps: 400 });
    await as("tier3").post(`/financing/requests/${second.id}/accept`, { quoteId: quote.id });
    const tier2Users = await as("tier2", "admin").get<{ items: { id: string; role: string }[] }>(`/orgs/${api.orgs.tier2.id}/users`);
    const tier2Maker = tier2Users.items.find((u) => u.role === "maker")!.id;
    const key = await as("tier2", "admin").post<{ id: string }>(`/orgs/${api.orgs.tier2.id}/api-keys`, { name: "matrix", role: "maker", userId: tier2Maker });
    const endpoint = await as("tier2", "admin").post<{ id: string }>(`/orgs/${api.orgs.tier2.id}/webhooks`, { url: "https://erp.example/hooks", events: ["voucher.received"] });
    const application = (await client.fetchJson("POST", "/applications", {
      body: { name: sandboxApplicant(0).name, uscc: sandboxApplicant(0).uscc, kinds: ["supplier"], admin: { name: "x", email: "m@matrix.example", password: "long enough password" } },
    })) as { id: string };
    // Any alert serves to prove who sees it and who may act on it; the rules that raise them have tests of their own.
    const alert = await api.platform.db.prisma.alert.create({
      data: {
        rule: "credit-line-utilisation",
        severity: "warning",
        subject: `${api.orgs.bank.account}>${api.orgs.core.account}`,
        accounts: [api.orgs.bank.account, api.orgs.core.account],
        facts: { used: "950.00", limit: "1000.00", utilisation: "95.00", threshold: "90" },
        blockNumber: 1,
        logIndex: 0,
        createdAt: new Date(0),
      },
    });
    const document = await as("tier2").post<{ id: string }>("/documents", { kind: "contract", name: "采购合同.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-1.7 matrix").toString("base64") });
    const disclosure = await as("tier3").post<{ id: string }>(`/vouchers/${s.pieces.tier3}/disclosures`, { bankOrgId: api.orgs.bank.id, fields: ["amount", "issueDate"] });
    const consent = await as("tier3").post<{ id: string }>("/risk-data/consents", { bankOrgId: api.orgs.bank.id, until: "2027-06-30" });
    const scale = await registeredDevice(api, "weighing-platform", "matrix bay");
    const sent = await sendReadings(api, scale.reading({ grams: 1000 }, new Date(0)));
    await iotModule(api).anchoring.runNow();
    const inventory = inventorySteps(() => api);
    const receiptId = await inventory.receipt(scale, "tier1", 10_000_000n);
    const freeReceipt = await inventory.receipt(scale, "tier1", 1_000_000n);
    await inventory.publisher("operator");
    await inventory.price("operator", "75000.00");
    await inventory.proposeApprove("bank", "put", "/pledges/rates/LI2CO3", { rateBps: 7000 });
    const pledge = await api.http().post("/pledges").set(await api.as("tier1")).send({ receiptIds: [receiptId], bankOrgId: api.orgs.bank.id, amount: "1000.00", rateBps: 500, maturity: "2099-01-01" });
    const loan = (pledge.body as { id: string }).id;
    const guarantee = await inventory.proposeApprove("guarantor", "post", "/guarantees", { kind: "pledgeLoan", subject: loan, bankOrgId: api.orgs.bank.id, amount: "1.00", expiry: "2099-01-01" });
    const policy = await api.http().post("/policies").set(await api.as("insurer")).send({ receiptId, insured: "1000.00", start: "2026-01-01", end: "2099-01-01", terms: `0x${"cd".repeat(32)}` });
    const claim = await api.http().post(`/policies/${(policy.body as { id: string }).id}/claims`).set(await api.as("tier1")).send({ loss: "10.00", evidence: `0x${"ef".repeat(32)}` });
    await inventory.proposeApprove("warehouse", "put", "/fees/tariffs/LI2CO3", { storagePerTonneDay: "1.00", supervisionPerTonneDay: "0.50" });
    await api.http().post(`/fees/accounts/${receiptId}/open`).set(await api.as("warehouse"));
    f = {
      guarantee: guarantee.id as string,
      policy: (policy.body as { id: string }).id,
      claim: (claim.body as { claimId: string }).claimId,
      receipt: receiptId,
      freeReceipt,
      loan,
      device: scale.id,
      reading: (sent.body as { readings: { id: string }[] }).readings[0].id,
      alert: alert.id,
      document: document.id,
      disclosure: disclosure.id,
      consent: consent.id,
      org: Object.fromEntries(HANDLES.map((h) => [h, api.orgs[h].id])) as Record<Handle, string>,
      applicationId: application.id,
      pendingActionId: pending.id,
      invoiceId: invoice.id,
      voucher: s.pieces.tier3!,
      root: s.rootVoucher!,
      openFinancing: open.id,
      acceptedFinancing: second.id,
      maturity: s.maturity!,
      userOf: () => tier2Maker,
      apiKeyOf: () => key.id,
      webhookEndpoint: endpoint.id,
    };
    for (const h of HANDLES) for (const r of ROLES) tokens.set(`${h}/${r}`, await api.as(h, r));
  }, 300_000);

  afterAll(async () => {
    ifOpened(listener)?.close();
    await ifOpened(api)?.close();
  });

  it("when a route is declared, then the matrix covers it (a new route cannot skip the matrix)", async () => {
    const doc = (await api.http().get("/openapi.json").expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const declared = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`));
    expect(declared.length).toBeGreaterThan(70);
    expect(declared.filter((k) => !(k in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !declared.includes(k))).toEqual([]);
  });

  it("when any route is called without credentials, then 401 for every authenticated route", async () => {
    const failures: string[] = [];
    for (const spec of api.server.specs.filter((s) => s.auth)) {
      const c = MATRIX[`${spec.method.toUpperCase()} ${spec.path}`];
      const path = fill(spec.path, c.target?.(f).params ?? {});
      const res = await api.http()[spec.method](path).send(c.body?.(f) as object);
      if (res.status !== 401) failures.push(`${spec.method} ${path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("when every organisation in every role calls every route, then 403 for a kind or role not admitted, 404 for an object it is not party to, 200 for a party reading, and refusals change nothing", async () => {
    const before = await fingerprint(api);
    const failures: string[] = [];
    let calls = 0;
    for (const spec of api.server.specs.filter((s) => s.auth)) {
      const key = `${spec.method.toUpperCase()} ${spec.path}`;
      const c = MATRIX[key];
      const target = c.target?.(f);
      const mutation = spec.method !== "get";
      for (const h of HANDLES) {
        const kinds = api.orgs[h].kinds;
        for (const role of ROLES) {
          const kindOk = !spec.kinds || kinds.some((k) => spec.kinds!.includes(k));
          const roleOk = !spec.roles || spec.roles.includes(role);
          let expected: number | "not-404" | "skip";
          if (!kindOk || !roleOk) expected = 403;
          else {
            const platform = PLATFORM.includes(h) && target?.platformSees !== false;
            const views = !target || target.viewers === "all" || target.viewers.includes(h) || (platform && !mutation);
            if (!views) expected = 404;
            else if (!mutation) expected = c.refine?.(h, role) ?? 200;
            else if (target?.actors && !target.actors.includes(h)) expected = "not-404";
            else expected = "skip"; // a party allowed to act: the route's own tests cover what happens
          }
          if (expected === "skip") continue;
          calls += 1;
          const path = fill(spec.path, target?.params ?? {}) + (c.query ? `?${c.query}` : "");
          const res = await api.http()[spec.method](path).set(tokens.get(`${h}/${role}`)!).send(c.body?.(f) as object);
          const ok = expected === "not-404" ? res.status >= 400 && res.status < 500 && res.status !== 404 : res.status === expected;
          if (!ok) failures.push(`${key} as ${h}/${role}: expected ${expected}, got ${res.status} ${res.body?.code ?? ""}`);
          if (res.status >= 400 && !(res.headers["content-type"] ?? "").startsWith("application/problem+json")) failures.push(`${key} as ${h}/${role}: not a problem document`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    expect(await fingerprint(api)).toEqual(before);
    expect(api.errors).toEqual([]);
  }, 600_000);
});

function fill(path: string, params: Partial<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]\w*)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${path}: the matrix gives no value for :${name}`);
    return encodeURIComponent(v);
  });
}

/** Everything a refused call could have changed: the ledger's head and the off-chain tables' contents. */
async function fingerprint(api: TestApi) {
  const p = api.platform.db.prisma;
  await api.platform.indexer.catchUp();
  return {
    head: (await api.platform.ledger.history.confirmedHead()).number,
    organisations: await p.organisation.count(),
    users: await p.user.findMany({ select: { id: true, disabled: true }, orderBy: { id: "asc" } }),
    apiKeys: await p.apiKey.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    webhooks: await p.webhookEndpoint.findMany({ select: { id: true, enabled: true }, orderBy: { id: "asc" } }),
    deliveries: await p.webhookDelivery.findMany({ select: { id: true, status: true, attempts: true }, orderBy: { id: "asc" } }),
    applications: await p.application.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    pending: await p.pendingAction.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    invoices: await p.invoiceRecord.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    financing: await p.financingApplication.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    quotes: await p.financingQuote.count(),
    cashOrders: await p.cashOrder.count(),
    // The sweep job may raise a maturity's alert at any time; a refused call must not change the others.
    devices: await p.iotDevice.findMany({ select: { id: true, retiredAt: true }, orderBy: { id: "asc" } }),
    readings: await p.iotReading.count(),
    receipts: await p.receiptState.findMany({ select: { id: true, status: true, owner: true }, orderBy: { id: "asc" } }),
    loans: await p.pledgeLoanState.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    guarantees: await p.guaranteeState.findMany({ select: { id: true, status: true, recovered: true }, orderBy: { id: "asc" } }),
    policies: await p.cargoPolicyState.findMany({ select: { id: true, paid: true }, orderBy: { id: "asc" } }),
    claims: await p.policyClaimState.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    feeAccounts: await p.feeAccountState.findMany({ select: { receiptId: true, supervising: true, closed: true, storagePaid: true }, orderBy: { receiptId: "asc" } }),
    alerts: await p.alert.findMany({ where: { NOT: { rule: "maturity-unfunded" } }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    documents: await p.document.count(),
    disclosures: await p.disclosure.count(),
    consents: await p.riskConsent.findMany({ select: { id: true, withdrawnAt: true }, orderBy: { id: "asc" } }),
    queries: await p.riskQuery.count(),
  };
}
