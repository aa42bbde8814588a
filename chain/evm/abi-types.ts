/**
 * Types of calls and events read from the contracts' ABIs (the generated `as const` modules in ./abi) with
 * abitype, adjusted to what ethers actually takes and gives: it encodes any number or bigint and any address
 * string, and decodes every integer, however narrow, as a bigint.
 */
import type {
  Abi,
  AbiParameter,
  AbiParameterToPrimitiveType,
  AbiParametersToPrimitiveTypes,
  AbiStateMutability,
  ExtractAbiEvent,
  ExtractAbiEventNames,
  ExtractAbiFunction,
  ExtractAbiFunctionNames,
} from "abitype";

/** abitype's view of a value, as ethers decodes it: small integers come back as bigints too. */
export type Decoded<T> = T extends number
  ? bigint
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: Decoded<T[K]> }
    : T extends object
      ? { -readonly [K in keyof T]: Decoded<T[K]> }
      : T;

/** abitype's view of a value, as ethers encodes it: any integer as number or bigint, any address as a string. */
export type Encodable<T> = T extends number | bigint
  ? number | bigint
  : T extends `0x${string}`
    ? string
    : T extends readonly unknown[]
      ? { [K in keyof T]: Encodable<T[K]> }
      : T extends object
        ? { [K in keyof T]: Encodable<T[K]> }
        : T;

type Writing = "nonpayable" | "payable";
type Reading = "view" | "pure";

/** Functions that change the ledger, sent as transactions. */
export type WriteName<TAbi extends Abi> = ExtractAbiFunctionNames<TAbi, Writing>;
/** Functions that only read, run as calls. */
export type ReadName<TAbi extends Abi> = ExtractAbiFunctionNames<TAbi, Reading>;

export type CallArgs<TAbi extends Abi, F extends string, M extends AbiStateMutability = AbiStateMutability> = Encodable<
  AbiParametersToPrimitiveTypes<ExtractAbiFunction<TAbi, F, M>["inputs"], "inputs">
>;

export type CallResult<TAbi extends Abi, F extends string> = Decoded<
  AbiParametersToPrimitiveTypes<ExtractAbiFunction<TAbi, F, Reading>["outputs"], "outputs">
>;

type Named<P> = P extends { name: infer N extends string } ? N : never;

/** An event's arguments by name, as ethers' LogDescription.args gives them. */
export type EventArgs<TAbi extends Abi, E extends string> = {
  [P in ExtractAbiEvent<TAbi, E>["inputs"][number] as Named<P>]: Decoded<AbiParameterToPrimitiveType<P & AbiParameter, "outputs">>;
};

/** Any event of the contract, discriminated by its name. */
export type DecodedLog<TAbi extends Abi> = {
  [E in ExtractAbiEventNames<TAbi>]: { name: E; args: EventArgs<TAbi, E> };
}[ExtractAbiEventNames<TAbi>];

/** The constructor's arguments, in order. */
export type ConstructorArgs<TAbi extends Abi> = Encodable<
  AbiParametersToPrimitiveTypes<Extract<TAbi[number], { type: "constructor" }>["inputs"], "inputs">
>;
