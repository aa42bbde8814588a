/**
 * A plain TypeScript model of the scf-ledger contracts for the model-based property test
 * (ledger.property.test.ts): the state each contract keeps, and every business function re-stated in the
 * order the contract checks things, so that the model predicts for each call whether it succeeds and, if
 * not, which custom error it reverts with. Each model function mutates freely; `LedgerModel.run` rolls the
 * state back when it throws `Revert`, just as the EVM does. It follows the contracts as of commit 41aca9c
 * (split sums wide, financing honours the minimum split, execution re-checks bank eligibility, cash never
 * reaches a module's address outside `settle`): a later change to what a function checks, or in which order,
 * shows up as a disagreement between model and chain, and the model must follow it.
 *
 * Where the contract would hit checked arithmetic (a uint64 slot account past 2^64 − 1 fen, a credit line
 * released below zero), the model predicts "Panic"; the test still fails on it, since every revert must be a
 * custom error of the suite.
 *
 * Laid out per contract: participants.ts, rules.ts, credit-lines.ts, invoices.ts, vouchers.ts, financing.ts,
 * settlement.ts and cash.ts each hold the model of one contract; ledger.ts wires them over one state (state.ts,
 * core.ts). operations.ts holds the descriptors fast-check generates (a kind plus a few random naturals);
 * calls/ holds, per contract, the random calls that turn a descriptor into concrete calls against the current
 * model state (a random actor, holder, voucher, amount, invoice, maturity, deadline...), with the choices of
 * choices.ts; interpreter.ts dispatches each descriptor to its call, for the executor. Imports point one way:
 * state ← core ← the contracts' models ← ledger ← choices ← calls ← interpreter.
 */
export { Interpreter } from "./interpreter";
export { LedgerModel } from "./ledger";
export { fen as formatFen, opArbitrary, type Executor, type Op } from "./operations";
export {
  ACTORS,
  mergeTouched,
  noneTouched,
  pairKey,
  slotKey,
  splitKey,
  type Addresses,
  type Outcome,
  type State,
  type Touched,
  type Voucher,
} from "./state";
