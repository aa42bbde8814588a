import hre from "hardhat";
import {
  Contract,
  Interface,
  keccak256,
  toUtf8Bytes,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type Signer,
} from "ethers";
import { cstMidnightAfter } from "../../chain/cst-day";
import { deploySuite, SUITE, type ContractName } from "../../chain/evm/suite";
import { invoiceKey } from "../../chain/invoice-key";

export const ROLE = { OPERATOR: 1, REGULATOR: 2, CORE: 4, SUPPLIER: 8, BANK: 16, WAREHOUSE: 32, GUARANTOR: 64, INSURER: 128 } as const;
export const DAY = 86_400;

export type Ledger = Record<ContractName, Contract>;

/** The part of an ABI entry this file reads; Hardhat types an artifact's ABI `any[]`. */
interface AbiEntry {
  type: string;
  name?: string;
}

/** Every custom error of the suite, for decoding reverts that bubble up through several contracts. */
let errorsInterface: Interface | undefined;
export async function suiteErrors(): Promise<Interface> {
  if (!errorsInterface) {
    const fragments = new Map<string, unknown>();
    for (const name of SUITE) {
      const { abi } = await hre.artifacts.readArtifact(name);
      for (const f of abi as AbiEntry[]) if (f.type === "error" && f.name) fragments.set(f.name, f);
    }
    errorsInterface = new Interface([...fragments.values()] as never);
  }
  return errorsInterface;
}

export async function latest(): Promise<number> {
  const block = await hre.ethers.provider.getBlock("latest");
  return block!.timestamp;
}

/** 00:00 China Standard Time, `days` calendar days after today's (CST) date. */
export async function cstMidnightIn(days: number): Promise<number> {
  return cstMidnightAfter(new Date((await latest()) * 1000), days).getTime() / 1000;
}

export async function increaseTo(timestamp: number): Promise<void> {
  await hre.network.provider.send("evm_setNextBlockTimestamp", [timestamp]);
  await hre.network.provider.send("evm_mine", []);
}

export async function snapshot(): Promise<string> {
  return (await hre.network.provider.send("evm_snapshot", [])) as string;
}

export async function revertTo(id: string): Promise<void> {
  await hre.network.provider.send("evm_revert", [id]);
}

export interface Actors {
  deployer: Signer;
  operator: Signer;
  regulator: Signer;
  core: Signer;
  core2: Signer;
  bank: Signer;
  bank2: Signer;
  s1: Signer;
  s2: Signer;
  s3: Signer;
  s4: Signer;
  s5: Signer;
  outsider: Signer;
}

export async function actors(): Promise<Actors> {
  const s = await hre.ethers.getSigners();
  const [deployer, operator, regulator, core, core2, bank, bank2, s1, s2, s3, s4, s5, outsider] = s;
  return { deployer, operator, regulator, core, core2, bank, bank2, s1, s2, s3, s4, s5, outsider };
}

export async function deployLedger(a: Actors): Promise<Ledger> {
  const { addresses, contracts } = await deploySuite(
    a.deployer,
    { operator: await a.operator.getAddress(), regulator: await a.regulator.getAddress() },
    (name) => hre.artifacts.readArtifact(name),
  );
  // ethers' factory gives BaseContracts; the same contracts as Contracts, for the method calls the tests make.
  return Object.fromEntries(SUITE.map((name) => [name, new Contract(addresses[name], contracts[name].interface, a.deployer)])) as Ledger;
}

/** `contract` with `signer` sending; `connect` would give a BaseContract, so this builds the Contract itself. */
export function as(contract: Contract, signer: Signer): Contract {
  return new Contract(contract.target, contract.interface, signer);
}

/**
 * A contract write's result, checked to be a transaction: ethers types a method call on a `Contract` as `any`,
 * since its methods exist only at run time.
 */
function isTransaction(value: unknown): value is ContractTransactionResponse {
  return typeof value === "object" && value !== null && typeof (value as { wait?: unknown }).wait === "function";
}

/** Awaits a contract write (`as(c, s).method(...)`) and then its mining; a revert rejects. */
export async function mined(write: Promise<unknown>): Promise<ContractTransactionReceipt | null> {
  const tx = await write;
  if (!isTransaction(tx)) throw new Error(`expected a transaction, got ${String(tx)}`);
  return tx.wait();
}

/** Reads a view of `contract` that returns one uint, as ethers decodes it: a bigint. */
/** Runs the write; undefined when it succeeded, else the custom error's name (a panic or garbage fails the test). */
export async function attempt(write: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await mined(write());
    return undefined;
  } catch (e) {
    const data = findRevertData(e);
    if (!data) throw e;
    const parsed = (await suiteErrors()).parseError(data);
    if (!parsed) throw new Error(`undecodable revert ${data}`, { cause: e });
    return parsed.name;
  }
}

export async function readUint(contract: Contract, view: string, ...args: unknown[]): Promise<bigint> {
  const value: unknown = await contract.getFunction(view).staticCall(...args);
  if (typeof value !== "bigint") throw new Error(`expected ${view} to return a uint, got ${String(value)}`);
  return value;
}

export const FACE = 10_000_000_00n; // ¥10,000,000.00 in fen
export const LIMIT = 50_000_000_00n;

/**
 * A ledger with the usual cast registered: two core enterprises, two banks with open lines to `core`,
 * suppliers s1..s5, and cash for the banks and the core enterprise. `bank` is also the settlement bank, which
 * alone mints. `outsider` is not registered.
 */
export async function seededLedger(): Promise<{ ledger: Ledger; a: Actors }> {
  const a = await actors();
  const ledger = await deployLedger(a);
  const p = as(ledger.Participants, a.operator);
  const reg = async (s: Signer, roles: number) =>
    mined(p.register(await s.getAddress(), roles, keccak256(toUtf8Bytes(await s.getAddress())), keccak256("0x01")));
  await reg(a.core, ROLE.CORE);
  await reg(a.core2, ROLE.CORE | ROLE.SUPPLIER);
  await reg(a.bank, ROLE.BANK);
  await reg(a.bank2, ROLE.BANK);
  for (const s of [a.s1, a.s2, a.s3, a.s4, a.s5]) await reg(s, ROLE.SUPPLIER);
  const expiry = (await latest()) + 400 * DAY;
  await mined(as(ledger.CreditLines, a.bank).grant(await a.core.getAddress(), LIMIT, expiry));
  await mined(as(ledger.CreditLines, a.bank2).grant(await a.core.getAddress(), LIMIT, expiry));
  const cash = ledger.SettlementCash;
  await mined(as(cash, a.regulator).designateSettlementBank(await a.bank.getAddress()));
  for (const [s, ref] of [[a.bank, "0x02"], [a.bank2, "0x04"], [a.core, "0x03"]] as const) {
    await mined(as(cash, a.bank).mint(await s.getAddress(), LIMIT * 2n, keccak256(ref)));
  }
  return { ledger, a };
}

let invoiceCounter = 0;
/** Registers an invoice from `seller` to `buyer` for `amount` fen and, unless told not to, has the buyer confirm it. */
export async function confirmedInvoice(
  ledger: Ledger,
  seller: Signer,
  buyer: Signer,
  amount: bigint,
  confirm = true,
): Promise<string> {
  invoiceCounter += 1;
  const key = invoiceKey({ kind: "digital", number: String(invoiceCounter).padStart(20, "0") });
  await mined(as(ledger.Invoices, seller).register(key, await buyer.getAddress(), amount, keccak256(toUtf8Bytes(`details-${invoiceCounter}`))));
  if (confirm) await mined(as(ledger.Invoices, buyer).confirm(key));
  return key;
}

/** Issues a voucher of `amount` from `core` to `supplier`, backed by a fresh confirmed invoice; returns its id. */
export async function issued(
  ledger: Ledger,
  core: Signer,
  supplier: Signer,
  amount: bigint,
  maturity: number,
): Promise<bigint> {
  const key = await confirmedInvoice(ledger, supplier, core, amount);
  await mined(as(ledger.Vouchers, core).issue(await supplier.getAddress(), amount, maturity, [key]));
  return readUint(ledger.Vouchers, "lastId");
}

/** Passes `amount` of voucher `id` from `from` to `to`, backed by a fresh invoice; returns the new id. */
export async function passed(ledger: Ledger, id: bigint, from: Signer, to: Signer, amount: bigint): Promise<bigint> {
  const key = await confirmedInvoice(ledger, to, from, amount);
  await mined(as(ledger.Vouchers, from).splitTransfer(id, await to.getAddress(), amount, [key]));
  return readUint(ledger.Vouchers, "lastId");
}

/**
 * Awaits `action` and asserts that it reverted with custom error `name` (from any contract of the suite),
 * returning the decoded arguments.
 */
export async function revertsWith(action: Promise<unknown>, name: string): Promise<readonly unknown[]> {
  try {
    const result = await action;
    if (isTransaction(result)) await result.wait();
  } catch (e) {
    // Awaited only after the action settled, so that its rejection is never left unhandled meanwhile.
    const errors = await suiteErrors();
    const data = findRevertData(e);
    if (!data) throw new Error(`expected ${name}, got a failure without revert data: ${String(e)}`, { cause: e });
    const parsed = errors.parseError(data);
    if (!parsed) throw new Error(`expected ${name}, got undecodable revert data ${data}`, { cause: e });
    if (parsed.name !== name) throw new Error(`expected ${name}, got ${parsed.name}(${parsed.args.join(", ")})`, { cause: e });
    const args: readonly unknown[] = parsed.args.toArray();
    return args;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

export function findRevertData(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth += 1) {
    const o = cur as { data?: unknown; error?: unknown; info?: { error?: unknown } };
    if (typeof o.data === "string" && o.data.startsWith("0x") && o.data.length >= 10) return o.data;
    if (o.data && typeof o.data === "object" && typeof (o.data as { data?: unknown }).data === "string") {
      return (o.data as { data: string }).data;
    }
    cur = o.error ?? o.info?.error;
  }
  return undefined;
}

/** The events `contract` emitted in the transaction, decoded. */
export async function eventsOf(tx: Promise<unknown>, contract: Contract): Promise<{ name: string; args: unknown[] }[]> {
  const receipt = await ((await tx) as ContractTransactionResponse).wait();
  const target = (await contract.getAddress()).toLowerCase();
  return receipt!.logs
    .filter((l) => l.address.toLowerCase() === target)
    .map((l) => contract.interface.parseLog(l)!)
    .map((e) => ({ name: e.name, args: e.args.toArray(true) }));
}
