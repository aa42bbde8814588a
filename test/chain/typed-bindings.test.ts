/**
 * The contract bindings are typed from the generated ABI modules. These checks run in `npm run typecheck`:
 * each fails there (an assertion no longer holds, or a `@ts-expect-error` finds nothing to expect) if the
 * typing loosens, say to `any`, or stops matching what ethers encodes and decodes.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { financingAbi } from "../../chain/evm/abi/Financing";
import type { settlementAbi } from "../../chain/evm/abi/Settlement";
import type { vouchersAbi } from "../../chain/evm/abi/Vouchers";
import type { CallArgs, CallResult, DecodedLog, ReadName, WriteName } from "../../chain/evm/abi-types";
import { ContractClient } from "../../chain/evm/contract-client";

type Vouchers = typeof vouchersAbi;

/** Never run: each call below is one the type check must refuse. */
async function misuses(vouchers: ContractClient<Vouchers>, settlement: ContractClient<typeof settlementAbi>, who: string) {
  // @ts-expect-error a misspelt function
  await vouchers.send(who, "splitt", [1n, [1n]]);
  // @ts-expect-error a view is read, never sent
  await vouchers.send(who, "voucher", [1n]);
  // @ts-expect-error a transaction is sent, never read
  await vouchers.read("split", [1n, [1n]]);
  // @ts-expect-error amounts are integers, not strings
  await vouchers.send(who, "split", [1n, ["100"]]);
  // @ts-expect-error an argument is missing
  await settlement.send(who, "flagOverdue", [who]);
  // @ts-expect-error a function of another contract
  await settlement.send(who, "split", [1n, [1n]]);
  const { logs } = await vouchers.send(who, "split", [1n, [1n]]);
  // @ts-expect-error an event this contract does not emit
  ContractClient.only(logs, "SlotFundedBy");
  // @ts-expect-error the event has no such argument
  expectTypeOf(ContractClient.only(logs, "VoucherSplit").args).toHaveProperty("amout");
}

describe("the contract bindings, typed from the ABIs", () => {
  it("when a function is named, then only the ABI's functions of the matching kind are accepted", () => {
    expectTypeOf<"split">().toExtend<WriteName<Vouchers>>();
    expectTypeOf<"splitTransfer">().toExtend<WriteName<Vouchers>>();
    expectTypeOf<"voucher">().toExtend<ReadName<Vouchers>>();
    expectTypeOf<"voucher">().not.toExtend<WriteName<Vouchers>>();
    expectTypeOf<"splitt">().not.toExtend<WriteName<Vouchers> | ReadName<Vouchers>>();
    expectTypeOf(misuses).toBeFunction();
  });

  it("when arguments are passed, then integers may be numbers or bigints and addresses plain strings", () => {
    type Request = CallArgs<typeof financingAbi, "request">;
    expectTypeOf<[bigint, bigint, string, number, number]>().toExtend<Request>();
    expectTypeOf<[bigint, bigint, string, string, number]>().not.toExtend<Request>();
    expectTypeOf<[bigint, bigint, string, number]>().not.toExtend<Request>();
  });

  it("when a result or an event is decoded, then every integer is a bigint, as ethers gives it", () => {
    type Voucher = CallResult<Vouchers, "voucher">[0];
    expectTypeOf<Voucher["depth"]>().toEqualTypeOf<bigint>();
    expectTypeOf<Voucher["financed"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Voucher["owner"]>().toExtend<string>();
    type Executed = Extract<DecodedLog<typeof financingAbi>, { name: "FinancingExecuted" }>["args"];
    expectTypeOf<Executed["days_"]>().toEqualTypeOf<bigint>();
    expectTypeOf<Executed["net"]>().toEqualTypeOf<bigint>();
  });
});
