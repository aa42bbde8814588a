/**
 * Gateway failures as the platform's typed chain errors. A chaincode refusal becomes the EVM revert of the
 * same name (same stable code); an MVCC or phantom-read conflict at commit is retryable (endorse again on
 * the new state); a peer that cannot be reached, or does not answer in time, is CHAIN_UNAVAILABLE.
 */
import { status as grpcStatus } from "@grpc/grpc-js";
import { CommitError, GatewayError, StatusCode } from "@hyperledger/fabric-gateway";
import { ChainError, ChainUnavailableError } from "../errors";
import { refusalError } from "./codec";

const UNREACHABLE = new Set<number>([grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED]);

/** Conflicts a peer detects at commit: the same proposal endorsed again may succeed. */
const CONFLICTS = new Set<number>([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

const codeName = (code: number): string => Object.entries(StatusCode).find(([, v]) => v === code)?.[0] ?? String(code);

export class LedgerConflictError extends ChainError {
  constructor(
    readonly txId: string,
    validationCode: number,
  ) {
    super("LEDGER_CONFLICT", `Another transaction changed what this one read (${codeName(validationCode)}); send it again`, true);
    this.name = "LedgerConflictError";
  }
}

/** A transaction the peer ordered but did not apply. */
export function validationFailure(txId: string, code: number, cause?: unknown): ChainError {
  if (CONFLICTS.has(code)) return new LedgerConflictError(txId, code);
  return new ChainError("LEDGER_INVALID_TRANSACTION", `The peer invalidated the transaction (${codeName(code)})`, false, undefined, { cause });
}

export function fromGatewayFailure(e: unknown): ChainError {
  if (e instanceof ChainError) return e;
  if (e instanceof CommitError) return validationFailure(e.transactionId, e.code, e);
  if (e instanceof GatewayError) {
    if (UNREACHABLE.has(e.code)) return new ChainUnavailableError("The Fabric gateway does not answer", { cause: e });
    // The chaincode's message reaches the client in the error details (endorse) or the message (evaluate).
    const texts = [...e.details.map((d) => d.message), e.message];
    const refused = texts.find((t) => /chaincode response \d+, /.test(t));
    if (refused !== undefined) return refusalError(refused.replace(/^.*chaincode response \d+, /s, ""), e);
    return new ChainError("LEDGER_REJECTED", "The Fabric gateway refused the request", false, undefined, { cause: e });
  }
  return new ChainError("LEDGER_REJECTED", "The Fabric gateway call failed", false, undefined, { cause: e });
}
