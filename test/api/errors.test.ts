import { describe, expect, it } from "vitest";
import { ChainError, ChainUnavailableError, CONTRACT_ERRORS, revertError } from "../../chain/errors";
import { DatabaseUnavailableError } from "../../api/src/db/unavailable";
import { API_ERRORS, AppError, statusOf, toProblem } from "../../api/src/errors";
import { MoneyFormatError } from "../../api/src/money";
import { isRetryable } from "../../api/src/retryable";
import { StatusCode } from "@hyperledger/fabric-gateway";
import { fromGatewayFailure, validationFailure } from "../../chain/fabric/errors";
import { FabricLedger } from "../../chain/fabric/fabric-ledger";
import { StaticFabricKeyRing } from "../../chain/fabric/identities";

describe("errors as RFC 9457 problem documents", () => {
  it("when an AppError is thrown, then its code, status, title and detail make the document", () => {
    const p = toProblem(new AppError("VALIDATION_FAILED", "amount: required", { errors: [{ path: "amount" }] }), "/vouchers");
    expect(p).toEqual({
      type: "/problems/validation-failed",
      title: API_ERRORS.VALIDATION_FAILED.title,
      status: 400,
      code: "VALIDATION_FAILED",
      detail: "amount: required",
      instance: "/vouchers",
      errors: [{ path: "amount" }],
    });
  });

  it("when the ledger refuses, then the contract error's stable code is kept with its arguments as strings", () => {
    const e = revertError("VouchersInsufficientValue", { id: 7n, available: 100n, requested: 250n });
    expect(toProblem(e)).toMatchObject({
      status: 422,
      code: "VOUCHER_INSUFFICIENT_VALUE",
      ledger: { error: "VouchersInsufficientValue", args: { id: "7", available: "100", requested: "250" } },
    });
  });

  it.each([
    ["INVOICE_ALREADY_USED", 409],
    ["INVOICE_DUPLICATE", 409],
    ["FINANCING_NOT_PENDING", 409],
    ["VOUCHER_NOT_FOUND", 404],
    ["PARTICIPANT_NOT_ACTIVE", 403],
    ["CREDIT_LINE_EXCEEDED", 422],
    ["VOUCHER_DEPTH_EXCEEDED", 422],
  ])("when the ledger code is %s, then the status is %s", (code, status) => {
    expect(statusOf(code)).toBe(status);
  });

  it("when every contract error is mapped, then each gets a 4xx or a deliberate 5xx, and a title", () => {
    for (const { code } of Object.values(CONTRACT_ERRORS)) {
      const p = toProblem(new ChainError(code, "x", false));
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.status === 500 ? code : "ok").toMatch(/^(ok|LEDGER_MODULE_ONLY)$/);
    }
  });

  it("when the chain or the database is down, then 503 with its code", () => {
    expect(toProblem(new ChainUnavailableError("down"))).toMatchObject({ status: 503, code: "CHAIN_UNAVAILABLE" });
    expect(toProblem(new DatabaseUnavailableError("down"))).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });

  it("when money is malformed, then 400 MONEY_FORMAT with the reason", () => {
    expect(toProblem(new MoneyFormatError('"1.005" has three decimals'))).toMatchObject({ status: 400, code: "MONEY_FORMAT", detail: '"1.005" has three decimals' });
  });

  it("when anything else is thrown, then a bare 500 that leaks neither message nor stack", () => {
    const p = toProblem(new TypeError("secret column name in users table"));
    expect(p).toEqual({ type: "/problems/internal", title: API_ERRORS.INTERNAL.title, status: 500, code: "INTERNAL" });
    expect(JSON.stringify(toProblem(new AppError("INTERNAL", "stack at x.ts:1")))).not.toContain("stack");
  });

  describe("the Fabric ledger's own failures", () => {
    it("when a transaction hit an MVCC conflict, then 409 LEDGER_CONFLICT, and the same call may be sent again", () => {
      const e = validationFailure("tx1", StatusCode.MVCC_READ_CONFLICT);
      expect(toProblem(e)).toMatchObject({ status: 409, code: "LEDGER_CONFLICT", title: expect.stringMatching(/send it again/) });
      expect(isRetryable(e)).toBe(true);
      expect(toProblem(validationFailure("tx2", StatusCode.PHANTOM_READ_CONFLICT))).toMatchObject({ status: 409, code: "LEDGER_CONFLICT" });
    });

    it("when the peers invalidated the transaction otherwise, then 502 LEDGER_INVALID_TRANSACTION, not retried", () => {
      const e = validationFailure("tx3", StatusCode.ENDORSEMENT_POLICY_FAILURE);
      expect(toProblem(e)).toMatchObject({ status: 502, code: "LEDGER_INVALID_TRANSACTION" });
      expect(isRetryable(e)).toBe(false);
    });

    it("when the gateway refused without a chaincode refusal, then 502 LEDGER_REJECTED with no detail", () => {
      const p = toProblem(fromGatewayFailure(new Error("access denied: internal detail")));
      expect(p).toEqual({ type: "/problems/ledger-rejected", title: "The ledger's gateway refused the request", status: 502, code: "LEDGER_REJECTED" });
    });

    it("when the ledger lacks a service, then 501 LEDGER_UNSUPPORTED: the feature is missing, the request is not wrong", async () => {
      const ledger = new FabricLedger({ endpoint: "127.0.0.1:1", channel: "scf", chaincode: "scf-ledger", keys: new StaticFabricKeyRing(), reader: "0x0000000000000000000000000000000000000001", mspId: "Org1MSP" });
      try {
        // Fabric's voucher ids are not sequential: there is no "last id" to give.
        const e = await ledger.vouchers.lastId().catch((x: unknown) => x);
        expect(toProblem(e)).toMatchObject({ status: 501, code: "LEDGER_UNSUPPORTED", title: "The ledger this platform runs on does not offer this yet" });
        expect(isRetryable(e)).toBe(false);
      } finally {
        await ledger.close();
      }
    });
  });
});
