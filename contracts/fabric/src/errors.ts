/**
 * Refusals carry the Solidity suite's custom-error names, so that the gateway adapter maps a failed endorsement
 * to the same stable code as an EVM revert. The message is `Name(arg, arg)`, as a revert reads in a trace; the
 * adapter takes the name up to the first parenthesis.
 */
export type ErrorArg = string | number | bigint | boolean;

export class LedgerError extends Error {
  readonly code: string;
  readonly args: readonly ErrorArg[];

  constructor(code: string, args: readonly ErrorArg[]) {
    super(`${code}(${args.map(String).join(", ")})`);
    this.name = code;
    this.code = code;
    this.args = args;
  }
}

/** The error to throw: `throw refusal("VouchersNotFound", id)`. */
export const refusal = (code: string, ...args: ErrorArg[]): LedgerError => new LedgerError(code, args);
