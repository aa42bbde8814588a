/**
 * Model-based property test of the whole ledger: random sequences of issue, split, transfer, financing
 * (request, execute, decline, cancel, release), funding, time travel and redemption, freezes, suspensions,
 * credit-line changes, rule changes and cash movements, by random actors — many of whom should fail.
 *
 * Every call is first run against a TypeScript model (model/, one file per contract), which predicts success
 * or the exact custom error. The call then runs on the chain (a real, mined transaction at the model's time)
 * and must do
 * the same; a revert must decode as a custom error of the suite (OpenZeppelin's ERC-20 errors included),
 * never a panic or empty data. After every step, whatever the step wrote — and, for a reverted call, whatever
 * it read — is read back from the chain and compared field by field with the model, and the ledger's
 * invariants are checked on the state read from the chain (see `Sequence.invariants`). At the end of every
 * sequence the whole ledger is read back, compared and checked again, so that a change no step should have
 * made cannot hide.
 *
 * One seeded ledger per file (the `useSeededLedger` fixture); every sequence starts from an `evm_snapshot` of
 * it, at 09:00 CST, and is reverted afterwards. A failure prints fast-check's seed and path, the shrunk operations, and the trace of
 * the calls that ran (days counted from the sequence's first day, CST; amounts in yuan).
 *
 * Env:
 *   PROPERTY_RUNS       sequences (default 300; e.g. 10000 for a long run)
 *   PROPERTY_STEPS      operations per sequence (default 40)
 *   PROPERTY_SEED       replay: the seed fast-check printed (PROPERTY_PATH too, to go straight to the case)
 *   PROPERTY_PATH
 *   PROPERTY_SHRINKS    cap on shrink steps after a failure (default 300; 0 reports the first failure as is)
 *   PROPERTY_FULL_CHECK=1  read the whole ledger back after every step, not only at the end (slower)
 *   PROPERTY_STATS=1    print how often each call succeeded and with which errors it failed (shrinking included)
 *   PROPERTY_TRACE=1    print the trace of every sequence
 *   PROPERTY_PLAIN_RPC=1   go through Hardhat's public provider instead of straight to EDR (slower)
 */
import hre from "hardhat";
import fc from "fast-check";
import { AbiCoder, type ErrorFragment, type FunctionFragment, type Interface, type Result } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { SUITE, type ContractName } from "../../chain/evm/suite";
import {
  cstMidnightIn,
  increaseTo,
  latest,
  LIMIT,
  revertTo,
  ROLE,
  snapshot,
  suiteErrors,
  type Ledger,
} from "../helpers/ledger";
import { useSeededLedger } from "./fixture";
import {
  ACTORS,
  Interpreter,
  LedgerModel,
  mergeTouched,
  noneTouched,
  opArbitrary,
  pairKey,
  slotKey,
  splitKey,
  formatFen,
  type Addresses,
  type Executor,
  type Op,
  type Outcome,
  type State,
  type Touched,
  type Voucher,
} from "./model";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 40);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const PATH = process.env.PROPERTY_PATH;
const FULL_CHECK = process.env.PROPERTY_FULL_CHECK === "1";
const MAX_SHRINKS = Number(process.env.PROPERTY_SHRINKS ?? 300);
const STATS = process.env.PROPERTY_STATS === "1";
/**
 * A step takes 5–8 ms on two cores (300 × 40 in 70–95 s); allow about three times that, for a loaded CI
 * machine, plus the shrinking of a failure.
 */
const TIMEOUT_MS = 60_000 + (RUNS + MAX_SHRINKS) * STEPS * 20;

const GAS = "0x2dc6c0"; // 3,000,000
const BATCH_GAS = "0xe4e1c0"; // 15,000,000
const PANIC_SELECTOR = "0x4e487b71";

// ------------------------------------------------------------------------------------------ chain access

let ifaces: Record<ContractName, Interface>;
let at: Record<ContractName, string>;

interface RawProvider {
  handleRequest(request: string): Promise<{ data: string | object }>;
}
/**
 * Hardhat's EDR provider under its JSON-RPC wrappers. Going to it directly skips the wrapper's Solidity stack
 * trace for every failed transaction, which more than doubles the cost of a revert; the transaction itself
 * runs and is mined exactly the same. Falls back to the public provider if Hardhat's internals ever differ.
 */
function findRawProvider(p: unknown, depth = 0): RawProvider | undefined {
  if (!p || typeof p !== "object" || depth > 8) return undefined;
  // Declared optional: an object made with a null prototype has no constructor.
  const o = p as Record<string, unknown> & { constructor?: { name?: unknown } };
  const inner = o._provider as Partial<RawProvider> | undefined;
  if (o.constructor?.name === "EdrProviderWrapper" && inner && typeof inner.handleRequest === "function") return inner as RawProvider;
  for (const k of ["provider", "_wrapped", "_wrappedProvider", "_provider"]) {
    const found = findRawProvider(o[k], depth + 1);
    if (found) return found;
  }
  return undefined;
}
let raw: RawProvider | undefined;

class RpcError extends Error {
  constructor(
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
}

async function rpc(method: string, params: unknown[]): Promise<unknown> {
  if (!raw) return hre.network.provider.request({ method, params });
  const res = await raw.handleRequest(JSON.stringify({ method, params }));
  const body = (typeof res.data === "string" ? JSON.parse(res.data) : res.data) as {
    result?: unknown;
    error?: { message: string; data?: unknown };
  };
  if (body.error) {
    const d = body.error.data as { data?: unknown } | undefined;
    throw new RpcError(body.error.message, d && typeof d === "object" && "data" in d ? d.data : d);
  }
  return body.result;
}

// ethers recomputes a fragment's selector (a keccak) every time it looks one up, and looks up a revert's error
// by hashing every error of the interface: cache both.
const coder = AbiCoder.defaultAbiCoder();
const functions = new Map<string, { selector: string; fragment: FunctionFragment }>();
let errorsBySelector: Map<string, ErrorFragment>;

function fnOf(c: ContractName, fn: string): { selector: string; fragment: FunctionFragment } {
  const key = `${c}.${fn}`;
  let f = functions.get(key);
  if (!f) {
    const fragment = ifaces[c].getFunction(fn)!;
    functions.set(key, (f = { selector: fragment.selector, fragment }));
  }
  return f;
}
function encode(c: ContractName, fn: string, args: unknown[]): string {
  const { selector, fragment } = fnOf(c, fn);
  return selector + coder.encode(fragment.inputs, args).slice(2);
}

async function read(c: ContractName, fn: string, args: unknown[] = []): Promise<Result> {
  const out = (await rpc("eth_call", [{ to: at[c], data: encode(c, fn, args) }, "latest"])) as string;
  return coder.decode(fnOf(c, fn).fragment.outputs, out);
}

function revertData(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth += 1) {
    const o = cur as { data?: unknown; error?: unknown; cause?: unknown };
    if (typeof o.data === "string" && o.data.startsWith("0x")) return o.data;
    if (o.data && typeof o.data === "object" && typeof (o.data as { data?: unknown }).data === "string") {
      return (o.data as { data: string }).data;
    }
    cur = o.error ?? o.cause;
  }
  return undefined;
}

/** The name of the suite's custom error in `data`, or a description of what else it is. */
function decodeRevert(e: unknown): { suite: boolean; name: string; text: string } {
  const data = revertData(e);
  if (data === undefined) return { suite: false, name: "?", text: `no revert data: ${String(e).slice(0, 300)}` };
  if (data.startsWith(PANIC_SELECTOR)) {
    return { suite: false, name: "Panic", text: `Panic(0x${BigInt(`0x${data.slice(10)}`).toString(16)})` };
  }
  const fragment = errorsBySelector.get(data.slice(0, 10));
  if (!fragment) return { suite: false, name: "?", text: `undecodable revert data ${data}` };
  const args = coder.decode(fragment.inputs, `0x${data.slice(10)}`);
  return { suite: true, name: fragment.name, text: `${fragment.name}(${args.map(String).join(", ")})` };
}

// ------------------------------------------------------------------------------------------ what the chain says

interface VoucherView {
  owner: string;
  value: bigint;
  redeemedValue: bigint;
  locked: bigint;
  depth: number;
  financed: boolean;
  root: number;
  parent: number;
  debtor: string;
  maturity: number;
}
interface LineView {
  limit: bigint;
  used: bigint;
  expiry: number;
  open: boolean;
}
interface RequestView {
  holder: string;
  voucherId: number;
  deadline: number;
  bank: string;
  amount: bigint;
  rateBps: number;
  feeBps: number;
}

/** The last state read from the chain, entity by entity: the invariants are checked on this, not on the model. */
interface ChainState {
  lastId: number;
  vouchers: Map<number, VoucherView>;
  lines: Map<string, LineView>;
  invoices: Map<string, { amount: bigint; used: bigint }>;
  slots: Map<string, { outstanding: bigint; escrowed: bigint }>;
  outstanding: Map<string, bigint>;
  requests: Map<number, RequestView | null>;
  balances: Map<string, bigint>;
  frozen: Set<string>;
  totalSupply: bigint;
  escrow: bigint;
  /** Face value of each root issuance, as the successful `issue` calls asked for. */
  faces: Map<number, bigint>;
  /** Cash minted and burned since genesis: the seed's events, then every successful mint and burn call. */
  minted: bigint;
  burned: bigint;
  /** What each frozen participant held when it was frozen. */
  frozenHoldings: Map<string, { vouchers: Map<number, { owner: string; value: bigint; redeemedValue: bigint }>; cash: bigint }>;
}

function cloneChainState(c: ChainState): ChainState {
  return structuredClone(c);
}

const lower = (a: unknown): string => String(a).toLowerCase();

function voucherView(r: Result): VoucherView {
  const v = r[0] as Result;
  return {
    owner: lower(v.owner),
    value: v.value as bigint,
    redeemedValue: v.redeemedValue as bigint,
    locked: v.locked as bigint,
    depth: Number(v.depth),
    financed: v.financed as boolean,
    root: Number(v.root),
    parent: Number(v.parent),
    debtor: lower(v.debtor),
    maturity: Number(v.maturity),
  };
}
function modelVoucherView(v: Voucher): VoucherView {
  return {
    owner: v.owner,
    value: v.redeemed ? 0n : v.value,
    redeemedValue: v.redeemed ? v.value : 0n,
    locked: v.locked,
    depth: v.depth,
    financed: v.financed,
    root: v.root,
    parent: v.parent,
    debtor: v.debtor,
    maturity: v.maturity,
  };
}

class Mismatch extends Error {}

function same(what: string, chain: unknown, model: unknown): void {
  const a = JSON.stringify(chain, (_, x) => (typeof x === "bigint" ? x.toString() : x));
  const b = JSON.stringify(model, (_, x) => (typeof x === "bigint" ? x.toString() : x));
  if (a !== b) throw new Mismatch(`${what}: chain has ${a}, model expects ${b}`);
}
function holds(cond: boolean, what: string): void {
  if (!cond) throw new Mismatch(`invariant broken: ${what}`);
}

// ------------------------------------------------------------------------------------------ one sequence

const stats = new Map<string, { ok: number; failed: Map<string, number> }>();
function count(label: string, outcome: string | null): void {
  const key = label.replace(/^\S+ /, "").replace(/\(.*$/, "");
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { ok: 0, failed: new Map() }));
  if (outcome === null) s.ok += 1;
  else s.failed.set(outcome, (s.failed.get(outcome) ?? 0) + 1);
}

class Sequence implements Executor {
  readonly trace: string[] = [];
  step = 0;

  constructor(
    readonly model: LedgerModel,
    readonly chain: ChainState,
    readonly addr: Addresses,
  ) {}

  note(text: string): void {
    this.trace.push(`  ${this.step}: ${text}`);
  }

  fail(message: string): never {
    const header = "calls so far (step: caller Contract.function(arguments) → outcome; days counted from the first day, CST; amounts in yuan):";
    throw new Error(`${message}\n${header}\n${this.trace.join("\n")}`);
  }

  async tx<T>(label: string, from: string, contract: string, fn: string, args: unknown[], predict: () => T): Promise<Outcome<T>> {
    const c = contract as ContractName;
    this.model.seen = noneTouched();
    const predicted = this.model.run(predict);
    const data = encode(c, fn, args);
    await rpc("evm_setNextBlockTimestamp", [this.model.s.now]);
    let actual: { ok: true } | { ok: false; suite: boolean; name: string; text: string };
    try {
      await rpc("eth_sendTransaction", [{ from, to: at[c], data, gas: fn === "redeemBatch" ? BATCH_GAS : GAS }]);
      actual = { ok: true };
    } catch (e) {
      actual = { ok: false, ...decodeRevert(e) };
    }
    const shown = actual.ok ? "ok" : actual.text;
    this.trace.push(`  ${this.step}: ${label} → ${shown}`);
    if (STATS) count(label, actual.ok ? null : actual.name);
    if (!actual.ok && !actual.suite) this.fail(`step ${this.step}: ${label} reverted with ${actual.text}, not a custom error of the suite`);
    if (predicted.ok && !actual.ok) this.fail(`step ${this.step}: ${label} should succeed but reverted with ${actual.text}`);
    if (!predicted.ok && actual.ok) this.fail(`step ${this.step}: ${label} should revert with ${predicted.error} but succeeded`);
    if (!predicted.ok && !actual.ok && predicted.error !== actual.name) {
      this.fail(`step ${this.step}: ${label} should revert with ${predicted.error} but reverted with ${actual.text}`);
    }
    // A revert must leave alone everything the call looked at, not only what it would have written.
    if (!actual.ok) mergeTouched(this.model.touched, this.model.seen);
    if (actual.ok) {
      if (c === "Vouchers" && fn === "issue") this.chain.faces.set(predicted.ok ? Number(predicted.value) : 0, args[1] as bigint);
      if (c === "SettlementCash" && fn === "mint") this.chain.minted += args[1] as bigint;
      if (c === "SettlementCash" && fn === "burn") this.chain.burned += args[1] as bigint;
    }
    return predicted;
  }

  /** Runs one step, then reads back what it touched and checks the invariants. */
  async run(op: Op, interpreter: Interpreter): Promise<void> {
    this.model.touched = noneTouched();
    try {
      await interpreter.step(op);
    } catch (e) {
      if (e instanceof Error && e.message.includes("calls so far")) throw e;
      this.fail(`step ${this.step} (${JSON.stringify(op)}) threw ${e instanceof Error ? e.stack : String(e)}`);
    }
    try {
      await this.readBack(FULL_CHECK ? this.everything() : this.model.touched);
      this.invariants();
    } catch (e) {
      if (e instanceof Mismatch) this.fail(`after step ${this.step}: ${e.message}`);
      throw e;
    }
  }

  async finish(): Promise<void> {
    try {
      await this.readBack(this.everything());
      this.invariants();
    } catch (e) {
      if (e instanceof Mismatch) this.fail(`at the end of the sequence: ${e.message}`);
      throw e;
    }
  }

  /** Every entity the model knows of, as if every one had been touched. */
  everything(): Touched {
    const s = this.model.s;
    const t = noneTouched();
    const all = [...Object.values(this.addr.actors), this.addr.settlement, this.addr.financing];
    for (const a of Object.values(this.addr.actors)) t.participants.add(a);
    for (const a of all) t.balances.add(a);
    for (const k of s.allowances.keys()) t.allowances.add(k);
    for (const c of [this.addr.actors.core, this.addr.actors.core2]) {
      t.rules.add(c);
      t.openLimit.add(c);
      t.outstanding.add(c);
      for (const r of ["s1", "s2", "s3", "s4", "s5", "core2"] as const) t.whitelist.add(pairKey(c, this.addr.actors[r]));
      for (const b of ["bank", "bank2"] as const) {
        t.eligibleBanks.add(pairKey(c, this.addr.actors[b]));
        t.lines.add(pairKey(this.addr.actors[b], c));
      }
    }
    for (const k of s.lines.keys()) t.lines.add(k);
    for (let id = 1; id <= s.lastId; id += 1) t.vouchers.add(id);
    for (const k of s.slots.keys()) t.slots.add(k);
    for (const k of s.invoices.keys()) t.invoices.add(k);
    for (let id = 1; id <= s.lastRequestId + 1; id += 1) t.requests.add(id);
    t.fee = true;
    t.supply = true;
    return t;
  }

  /** Reads `t` back from the chain, compares it with the model and records it as the chain state. */
  async readBack(t: Touched): Promise<void> {
    const s = this.model.s;
    const c = this.chain;
    const m = this.model;
    const reads: Promise<void>[] = [];
    const r = (fn: () => Promise<void>) => reads.push(fn());

    // Always the voucher counter, which most calls could move; the cash supply when it may have moved.
    r(async () => {
      const lastId = Number((await read("Vouchers", "lastId"))[0]);
      same("Vouchers.lastId", lastId, s.lastId);
    });
    if (t.supply) {
      r(async () => {
        c.totalSupply = (await read("SettlementCash", "totalSupply"))[0] as bigint;
        same("SettlementCash.totalSupply", c.totalSupply, s.totalSupply);
      });
    }

    // Vouchers: touched, newly minted, and all held by frozen participants.
    const ids = new Set([...t.vouchers].filter((id) => id >= 1 && id <= s.lastId));
    for (let id = c.lastId + 1; id <= s.lastId; id += 1) ids.add(id);
    for (const holding of c.frozenHoldings.values()) for (const id of holding.vouchers.keys()) ids.add(id);
    for (const id of ids) {
      r(async () => {
        const view = voucherView(await read("Vouchers", "voucher", [id]));
        same(`voucher #${id}`, view, modelVoucherView(s.vouchers.get(id)!));
        c.vouchers.set(id, view);
      });
    }
    c.lastId = s.lastId;

    for (const a of t.participants) {
      r(async () => {
        const p = (await read("Participants", "participant", [a]))[0] as Result;
        const mp = s.participants.get(a) ?? { roles: 0, registered: false, suspended: false, frozen: false };
        same(`participant ${m.name(a)}`, [Number(p.roles), p.registered, p.suspended, p.frozen], [mp.roles, mp.registered, mp.suspended, mp.frozen]);
        if (p.frozen) c.frozen.add(a);
        else c.frozen.delete(a);
      });
    }
    for (const core of t.rules) {
      r(async () => {
        const x = (await read("CreditPassingRules", "rulesOf", [core]))[0] as Result;
        const mr = m.rules.rulesOf(core);
        same(
          `rules of ${m.name(core)}`,
          [Number(x.maxDepth), Number(x.maxTermDays), x.minSplit, x.invoicesRequired, x.whitelistOnly, x.banksRestricted, x.issuanceCoveredByCredit],
          [mr.maxDepth, mr.maxTermDays, mr.minSplit, mr.invoicesRequired, mr.whitelistOnly, mr.banksRestricted, mr.issuanceCoveredByCredit],
        );
      });
    }
    for (const k of t.whitelist) {
      const [core, sup] = splitKey(k);
      r(async () => same(`mayReceive(${m.name(core)}, ${m.name(sup)})`, (await read("CreditPassingRules", "mayReceive", [core, sup]))[0], m.rules.mayReceive(core, sup)));
    }
    for (const k of t.eligibleBanks) {
      const [core, bank] = splitKey(k);
      r(async () => same(`mayFinance(${m.name(core)}, ${m.name(bank)})`, (await read("CreditPassingRules", "mayFinance", [core, bank]))[0], m.rules.mayFinance(core, bank)));
    }
    for (const k of t.lines) {
      const [bank, core] = splitKey(k);
      r(async () => {
        const l = (await read("CreditLines", "creditLine", [bank, core]))[0] as Result;
        const view: LineView = { limit: l.limit as bigint, used: l.used as bigint, expiry: Number(l.expiry), open: l.open as boolean };
        same(`credit line ${m.name(bank)} → ${m.name(core)}`, view, s.lines.get(k) ?? { limit: 0n, used: 0n, expiry: 0, open: false });
        c.lines.set(k, view);
      });
    }
    for (const core of t.openLimit) {
      r(async () => same(`openLimitOf(${m.name(core)})`, (await read("CreditLines", "openLimitOf", [core]))[0], s.openLimit.get(core) ?? 0n));
    }
    for (const debtor of t.outstanding) {
      r(async () => {
        const out = (await read("Vouchers", "outstandingOf", [debtor]))[0] as bigint;
        same(`outstandingOf(${m.name(debtor)})`, out, s.outstanding.get(debtor) ?? 0n);
        c.outstanding.set(debtor, out);
      });
    }
    for (const k of t.slots) {
      const [debtor, maturity] = splitKey(k);
      const slot = (BigInt(debtor) << 40n) | BigInt(maturity);
      r(async () => {
        const a = (await read("Vouchers", "slotAccount", [slot]))[0] as Result;
        const view = { outstanding: a.outstanding as bigint, escrowed: a.escrowed as bigint };
        same(`slot ${m.name(debtor)}@${maturity}`, view, s.slots.get(k) ?? { outstanding: 0n, escrowed: 0n });
        if (view.outstanding !== 0n || view.escrowed !== 0n || c.slots.has(k)) c.slots.set(k, view);
      });
    }
    for (const key of t.invoices) {
      r(async () => {
        const x = (await read("Invoices", "invoice", [key]))[0] as Result;
        const mi = s.invoices.get(key);
        same(
          `invoice …${key.slice(-4)}`,
          [lower(x.seller), lower(x.buyer), x.amount, x.used, x.confirmed],
          mi ? [mi.seller, mi.buyer, mi.amount, mi.used, mi.confirmed] : [lower("0x" + "0".repeat(40)), lower("0x" + "0".repeat(40)), 0n, 0n, false],
        );
        if (mi) c.invoices.set(key, { amount: x.amount as bigint, used: x.used as bigint });
      });
    }
    for (const id of t.requests) {
      r(async () => {
        const q = (await read("Financing", "requestOf", [id]))[0] as Result;
        const view: RequestView | null =
          BigInt(q.holder) === 0n
            ? null
            : {
                holder: lower(q.holder),
                voucherId: Number(q.voucherId),
                deadline: Number(q.deadline),
                bank: lower(q.bank),
                amount: q.amount as bigint,
                rateBps: Number(q.rateBps),
                feeBps: Number(q.feeBps),
              };
        same(`financing request ${id}`, view, s.requests.get(id) ?? null);
        c.requests.set(id, view);
      });
    }
    for (const a of t.balances) {
      r(async () => {
        const bal = (await read("SettlementCash", "balanceOf", [a]))[0] as bigint;
        same(`cash of ${m.name(a)}`, bal, s.balances.get(a) ?? 0n);
        c.balances.set(a, bal);
        if (a === this.addr.settlement) c.escrow = bal;
      });
    }
    for (const k of t.allowances) {
      const [owner, spender] = splitKey(k);
      r(async () => same(`allowance ${m.name(owner)} → ${m.name(spender)}`, (await read("SettlementCash", "allowance", [owner, spender]))[0], s.allowances.get(k) ?? 0n));
    }
    if (t.fee) {
      r(async () => {
        const [bps, recipient] = await read("Financing", "fee");
        same("Financing.fee", [Number(bps), lower(recipient)], [s.feeBps, s.feeRecipient]);
      });
    }
    await Promise.all(reads);
  }

  /** The ledger's invariants, on the state read from the chain. */
  invariants(): void {
    const c = this.chain;
    const m = this.model;

    // Conservation per root: live values plus redeemed values of all its pieces equal its face value, to the fen.
    const perRoot = new Map<number, bigint>();
    for (const v of c.vouchers.values()) perRoot.set(v.root, (perRoot.get(v.root) ?? 0n) + v.value + v.redeemedValue);
    for (const root of perRoot.keys()) holds(c.faces.has(root), `voucher root #${root} was never issued`);
    for (const [root, face] of c.faces) {
      const sum = perRoot.get(root) ?? 0n;
      holds(sum === face, `conservation of root #${root}: pieces sum to ${formatFen(sum)}, face value ${formatFen(face)}`);
    }

    // Credit lines: used <= limit, and used == the unredeemed financed value the bank holds from that debtor.
    const financed = new Map<string, bigint>();
    for (const v of c.vouchers.values()) {
      if (v.financed) financed.set(pairKey(v.owner, v.debtor), (financed.get(pairKey(v.owner, v.debtor)) ?? 0n) + v.value);
    }
    for (const [k, line] of c.lines) {
      const [bank, core] = splitKey(k);
      holds(line.used <= line.limit, `line ${m.name(bank)} → ${m.name(core)}: used ${formatFen(line.used)} > limit ${formatFen(line.limit)}`);
      const held = financed.get(k) ?? 0n;
      holds(line.used === held, `line ${m.name(bank)} → ${m.name(core)}: used ${formatFen(line.used)}, but the bank holds ${formatFen(held)} of financed vouchers`);
    }
    for (const [k, held] of financed) {
      if (held !== 0n) holds(c.lines.has(k), `${m.name(splitKey(k)[0])} holds financed vouchers of ${m.name(splitKey(k)[1])} without a line`);
    }

    // Invoices: never used beyond their amount.
    for (const [key, inv] of c.invoices) holds(inv.used <= inv.amount, `invoice …${key.slice(-4)} used ${formatFen(inv.used)} of ${formatFen(inv.amount)}`);

    // Frozen participants: what they held when frozen stays exactly theirs, at the same value; they receive no
    // voucher and their cash does not decrease.
    for (const a of [...c.frozenHoldings.keys()]) if (!c.frozen.has(a)) c.frozenHoldings.delete(a);
    for (const a of c.frozen) {
      const holding = c.frozenHoldings.get(a);
      if (!holding) {
        const vouchers = new Map<number, { owner: string; value: bigint; redeemedValue: bigint }>();
        for (const [id, v] of c.vouchers) if (v.owner === a) vouchers.set(id, { owner: v.owner, value: v.value, redeemedValue: v.redeemedValue });
        c.frozenHoldings.set(a, { vouchers, cash: c.balances.get(a) ?? 0n });
        continue;
      }
      for (const [id, was] of holding.vouchers) {
        const v = c.vouchers.get(id)!;
        holds(
          v.owner === was.owner && v.value === was.value && v.redeemedValue === was.redeemedValue,
          `voucher #${id} of frozen ${m.name(a)} moved: was ${formatFen(was.value)} held by ${m.name(was.owner)}, now ${formatFen(v.value)} (redeemed ${formatFen(v.redeemedValue)}) held by ${m.name(v.owner)}`,
        );
      }
      for (const [id, v] of c.vouchers) holds(v.owner !== a || holding.vouchers.has(id), `frozen ${m.name(a)} received voucher #${id}`);
      const cash = c.balances.get(a) ?? 0n;
      holds(cash >= holding.cash, `cash of frozen ${m.name(a)} fell from ${formatFen(holding.cash)} to ${formatFen(cash)}`);
    }

    // Cash: total supply is what was minted less what was burned.
    holds(c.totalSupply === c.minted - c.burned, `totalSupply ${formatFen(c.totalSupply)} != minted ${formatFen(c.minted)} − burned ${formatFen(c.burned)}`);

    // Escrow: the Settlement contract's cash covers every funded slot's outstanding value and is exactly the sum
    // of what the slots have escrowed.
    let escrowed = 0n;
    let fundedOutstanding = 0n;
    for (const a of c.slots.values()) {
      escrowed += a.escrowed;
      if (a.escrowed >= a.outstanding) fundedOutstanding += a.outstanding;
    }
    holds(c.escrow >= fundedOutstanding, `escrow ${formatFen(c.escrow)} < outstanding of funded slots ${formatFen(fundedOutstanding)}`);
    holds(c.escrow === escrowed, `escrow ${formatFen(c.escrow)} != sum of slot escrows ${formatFen(escrowed)}`);

    // Slots and debtors owe exactly the live value of their pieces.
    const live = new Map<string, bigint>();
    const liveByDebtor = new Map<string, bigint>();
    for (const v of c.vouchers.values()) {
      live.set(slotKey(v.debtor, v.maturity), (live.get(slotKey(v.debtor, v.maturity)) ?? 0n) + v.value);
      liveByDebtor.set(v.debtor, (liveByDebtor.get(v.debtor) ?? 0n) + v.value);
    }
    for (const [k, a] of c.slots) holds(a.outstanding === (live.get(k) ?? 0n), `slot ${k} owes ${formatFen(a.outstanding)}, its pieces hold ${formatFen(live.get(k) ?? 0n)}`);
    for (const [debtor, out] of c.outstanding) {
      holds(out === (liveByDebtor.get(debtor) ?? 0n), `outstandingOf(${m.name(debtor)}) ${formatFen(out)}, its pieces hold ${formatFen(liveByDebtor.get(debtor) ?? 0n)}`);
    }

    // Locks: a voucher's locked value is exactly what its pending financing requests reserve.
    const reserved = new Map<number, bigint>();
    for (const q of c.requests.values()) if (q) reserved.set(q.voucherId, (reserved.get(q.voucherId) ?? 0n) + q.amount);
    for (const [id, v] of c.vouchers) holds(v.locked === (reserved.get(id) ?? 0n), `voucher #${id} locks ${formatFen(v.locked)}, its pending requests ${formatFen(reserved.get(id) ?? 0n)}`);
  }
}

// ------------------------------------------------------------------------------------------ the property

describe("the ledger under random operations, against its model", () => {
  let ledger: Ledger;
  let addr: Addresses;
  let baseState: State;
  let baseChain: ChainState;
  let start: number;

  useSeededLedger(async (seeded) => {
    ({ ledger } = seeded);
    const { a } = seeded;
    raw = process.env.PROPERTY_PLAIN_RPC === "1" ? undefined : findRawProvider(hre.network.provider);
    const errors = await suiteErrors();
    errorsBySelector = new Map();
    errors.forEachError((f) => errorsBySelector.set(f.selector, f));
    ifaces = {} as Record<ContractName, Interface>;
    at = {} as Record<ContractName, string>;
    for (const name of SUITE) {
      ifaces[name] = ledger[name].interface;
      at[name] = lower(await ledger[name].getAddress());
    }
    const actorAddr = {} as Addresses["actors"];
    for (const n of ACTORS) actorAddr[n] = lower(await a[n].getAddress());
    addr = { actors: actorAddr, settlement: at.Settlement, financing: at.Financing };

    // Start every sequence at 09:00 CST, so that "today" is unambiguous.
    start = (await cstMidnightIn(1)) + 9 * 3600;
    await increaseTo(start);
    expect(await latest()).toBe(start);

    // The model's initial state, read from the seeded chain (and checked against what the seed promises).
    const participants = new Map<string, { roles: number; registered: boolean; suspended: boolean; frozen: boolean }>();
    for (const n of ACTORS) {
      const p = (await read("Participants", "participant", [actorAddr[n]]))[0] as Result;
      participants.set(actorAddr[n], { roles: Number(p.roles), registered: p.registered, suspended: p.suspended, frozen: p.frozen });
    }
    expect(participants.get(actorAddr.core2)!.roles).toBe(ROLE.CORE | ROLE.SUPPLIER);
    expect(participants.get(actorAddr.outsider)!.registered).toBe(false);
    const lines = new Map<string, { limit: bigint; used: bigint; expiry: number; open: boolean }>();
    for (const b of ["bank", "bank2"] as const) {
      for (const core of ["core", "core2"] as const) {
        const l = (await read("CreditLines", "creditLine", [actorAddr[b], actorAddr[core]]))[0] as Result;
        if (l.open) lines.set(pairKey(actorAddr[b], actorAddr[core]), { limit: l.limit, used: l.used, expiry: Number(l.expiry), open: true });
      }
    }
    expect(lines.get(pairKey(actorAddr.bank, actorAddr.core))?.limit).toBe(LIMIT);
    const balances = new Map<string, bigint>();
    for (const x of [...Object.values(actorAddr), addr.settlement, addr.financing]) {
      const bal = (await read("SettlementCash", "balanceOf", [x]))[0] as bigint;
      if (bal !== 0n) balances.set(x, bal);
    }
    const [feeBps, feeRecipient] = await read("Financing", "fee");
    const logs = (await rpc("eth_getLogs", [{ address: at.SettlementCash, fromBlock: "0x0", toBlock: "latest" }])) as { topics: string[]; data: string }[];
    let minted = 0n;
    let burned = 0n;
    const depositRefs = new Set<string>();
    const withdrawalRefs = new Set<string>();
    for (const log of logs) {
      const parsed = ifaces.SettlementCash.parseLog(log);
      if (parsed?.name === "CashMinted") {
        minted += parsed.args.amount as bigint;
        depositRefs.add(parsed.args.ref as string);
      }
      if (parsed?.name === "CashBurned") {
        burned += parsed.args.amount as bigint;
        withdrawalRefs.add(parsed.args.ref as string);
      }
    }
    const totalSupply = (await read("SettlementCash", "totalSupply"))[0] as bigint;
    expect(totalSupply).toBe(minted - burned);

    baseState = {
      now: start,
      participants,
      rules: new Map(),
      whitelist: new Set(),
      eligibleBanks: new Set(),
      vouchers: new Map(),
      lastId: Number((await read("Vouchers", "lastId"))[0]),
      slots: new Map(),
      outstanding: new Map(),
      lines,
      openLimit: new Map([
        [actorAddr.core, (await read("CreditLines", "openLimitOf", [actorAddr.core]))[0] as bigint],
        [actorAddr.core2, (await read("CreditLines", "openLimitOf", [actorAddr.core2]))[0] as bigint],
      ]),
      invoices: new Map(),
      requests: new Map(),
      lastRequestId: 0,
      balances,
      allowances: new Map(),
      totalSupply,
      feeBps: Number(feeBps),
      feeRecipient: lower(feeRecipient),
      grace: Number((await read("Settlement", "gracePeriod"))[0]),
      flagged: new Set(),
      settlementBank: lower((await read("SettlementCash", "settlementBank"))[0] as string),
      depositRefs,
      withdrawalRefs,
    };
    expect(baseState.lastId).toBe(0);
    baseChain = {
      lastId: 0,
      vouchers: new Map(),
      lines: new Map([...lines].map(([k, l]) => [k, { ...l }])),
      invoices: new Map(),
      slots: new Map(),
      outstanding: new Map(),
      requests: new Map(),
      balances: new Map(balances),
      frozen: new Set(),
      totalSupply,
      escrow: balances.get(addr.settlement) ?? 0n,
      faces: new Map(),
      minted,
      burned,
      frozenHoldings: new Map(),
    };
  });

  afterAll(() => {
    if (!STATS) return;
    const rows = [...stats.entries()].sort(([x], [y]) => x.localeCompare(y));
    for (const [call, s] of rows) {
      const failed = [...s.failed.entries()].sort((x, y) => y[1] - x[1]).map(([e, n]) => `${e} ${n}`);
      console.log(`${call.padEnd(34)} ok ${String(s.ok).padStart(6)}   ${failed.join(", ")}`);
    }
  });

  it(
    `keeps the model's outcomes and the invariants through ${RUNS} random sequences of ${STEPS} steps`,
    async () => {
      const ops = fc.limitShrink(fc.array(opArbitrary(), { minLength: STEPS, maxLength: STEPS }), MAX_SHRINKS);
      await fc.assert(
        fc.asyncProperty(ops, async (sequence) => {
          const id = await snapshot();
          try {
            const model = new LedgerModel(structuredClone(baseState), addr);
            const run = new Sequence(model, cloneChainState(baseChain), addr);
            const interpreter = new Interpreter(model, run);
            interpreter.start = start;
            for (const [i, op] of sequence.entries()) {
              run.step = i;
              await run.run(op, interpreter);
            }
            await run.finish();
            if (process.env.PROPERTY_TRACE === "1") console.log(run.trace.join("\n"));
          } finally {
            await revertTo(id);
          }
        }),
        { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: MAX_SHRINKS === 0 },
      );
    },
    TIMEOUT_MS,
  );
});
