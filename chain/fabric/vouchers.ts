/** Vouchers, financing and settlement on the chaincode. */
import { ChainError } from "../errors";
import type {
  Account,
  Bytes32,
  Fen,
  FinancingPort,
  FinancingQuote,
  FinancingRequest,
  Receipt,
  SettlementPort,
  SlotAccount,
  Voucher,
  VouchersPort,
} from "../ledger";
import { list, seconds, type Chaincode } from "./chaincode";
import { recordFrom } from "./codec";

/** The chaincode charges no late-funding penalty yet. */
const noPenalties = (): Promise<never> =>
  Promise.reject(new ChainError("LEDGER_UNSUPPORTED", "The Fabric chaincode keeps no late-funding penalties yet", false));

const asBigint = (r: Receipt<string>): Receipt<bigint> => ({ ...r, result: BigInt(r.result) });

export class FabricVouchers implements VouchersPort {
  constructor(private readonly cc: Chaincode) {}

  async issue(core: Account, v: { supplier: Account; amount: Fen; maturity: Date; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>> {
    return asBigint(await this.cc.submit(core, "Vouchers:issue", v.supplier, v.amount.toString(), seconds(v.maturity), list(v.invoiceKeys)));
  }

  async splitTransfer(holder: Account, v: { id: bigint; to: Account; amount: Fen; invoiceKeys: Bytes32[] }): Promise<Receipt<bigint>> {
    return asBigint(await this.cc.submit(holder, "Vouchers:splitTransfer", v.id.toString(), v.to, v.amount.toString(), list(v.invoiceKeys)));
  }

  async split(holder: Account, id: bigint, amounts: Fen[]): Promise<Receipt<bigint[]>> {
    const r = await this.cc.submit(holder, "Vouchers:split", id.toString(), list(amounts));
    return { ...r, result: (JSON.parse(r.result) as string[]).map(BigInt) };
  }

  async get(id: bigint): Promise<Voucher | undefined> {
    const raw = await this.cc.json<Record<string, unknown> | null>("Vouchers:get", id.toString());
    if (raw === null) return undefined;
    const v = recordFrom(raw);
    return {
      id: v.id,
      owner: v.owner,
      value: v.value,
      redeemedValue: v.redeemedValue,
      locked: v.locked,
      depth: v.depth,
      financed: v.financed,
      root: v.root,
      parent: v.parent,
      debtor: v.debtor,
      maturity: v.maturity,
    } as Voucher;
  }

  async slotAccount(debtor: Account, maturity: Date): Promise<SlotAccount> {
    const a = recordFrom(await this.cc.json("Vouchers:slotAccount", debtor, seconds(maturity)));
    return { debtor: a.debtor, maturity: a.maturity, outstanding: a.outstanding, escrowed: a.escrowed } as SlotAccount;
  }

  outstandingOf(debtor: Account): Promise<Fen> {
    return this.cc.fen("Vouchers:outstandingOf", debtor);
  }

  async ids(): Promise<bigint[]> {
    return (await this.cc.json<string[]>("Vouchers:ids")).map(BigInt);
  }

  lastId(): Promise<bigint> {
    return Promise.reject(new ChainError("LEDGER_UNSUPPORTED", "Voucher ids are not sequential on Fabric: list them with ids()", false));
  }
}

export class FabricFinancing implements FinancingPort {
  constructor(private readonly cc: Chaincode) {}

  async request(holder: Account, r: { voucherId: bigint; amount: Fen; bank: Account; rateBps: number; deadline: Date }): Promise<Receipt<bigint>> {
    const args = [r.voucherId.toString(), r.amount.toString(), r.bank, String(r.rateBps), seconds(r.deadline)];
    return asBigint(await this.cc.submit(holder, "Financing:request", ...args));
  }

  async execute(bank: Account, requestId: bigint): Promise<Receipt<{ pieceId: bigint } & FinancingQuote>> {
    const r = await this.cc.submit(bank, "Financing:execute", requestId.toString());
    const e = recordFrom(JSON.parse(r.result) as Record<string, unknown>);
    return { ...r, result: { pieceId: e.pieceId, days: e.days, interest: e.interest, fee: e.fee, net: e.net } as { pieceId: bigint } & FinancingQuote };
  }

  decline(bank: Account, requestId: bigint): Promise<Receipt> {
    return this.cc.send(bank, "Financing:decline", requestId.toString());
  }

  cancel(holder: Account, requestId: bigint): Promise<Receipt> {
    return this.cc.send(holder, "Financing:cancel", requestId.toString());
  }

  release(caller: Account, requestId: bigint): Promise<Receipt> {
    return this.cc.send(caller, "Financing:release", requestId.toString());
  }

  setFee(operator: Account, feeBps: number, recipient: Account): Promise<Receipt> {
    return this.cc.send(operator, "Financing:setFee", String(feeBps), recipient);
  }

  async get(requestId: bigint): Promise<FinancingRequest | undefined> {
    const raw = await this.cc.json<Record<string, unknown> | null>("Financing:get", requestId.toString());
    if (raw === null) return undefined;
    const r = recordFrom(raw);
    return {
      id: r.id,
      holder: r.holder,
      voucherId: r.voucherId,
      bank: r.bank,
      amount: r.amount,
      rateBps: r.rateBps,
      feeBps: r.feeBps,
      deadline: r.deadline,
    } as FinancingRequest;
  }

  async quote(q: { amount: Fen; rateBps: number; feeBps: number; maturity: Date; at: Date }): Promise<FinancingQuote> {
    const args = [q.amount.toString(), String(q.rateBps), String(q.feeBps), seconds(q.maturity), seconds(q.at)];
    const r = recordFrom(await this.cc.json("Financing:quote", ...args));
    return { days: r.days, interest: r.interest, fee: r.fee, net: r.net } as FinancingQuote;
  }

  async fee(): Promise<{ feeBps: number; recipient: Account }> {
    const f = recordFrom(await this.cc.json("Financing:fee"));
    return { feeBps: f.feeBps, recipient: f.recipient } as { feeBps: number; recipient: Account };
  }
}

export class FabricSettlement implements SettlementPort {
  constructor(private readonly cc: Chaincode) {}

  async fund(core: Account, maturity: Date): Promise<Receipt<Fen>> {
    return asBigint(await this.cc.submit(core, "Settlement:fund", seconds(maturity)));
  }

  redeem(caller: Account, id: bigint): Promise<Receipt> {
    return this.cc.send(caller, "Settlement:redeem", id.toString());
  }

  redeemBatch(caller: Account, ids: bigint[]): Promise<Receipt> {
    return this.cc.send(caller, "Settlement:redeemBatch", list(ids));
  }

  flagOverdue(caller: Account, debtor: Account, maturity: Date): Promise<Receipt> {
    return this.cc.send(caller, "Settlement:flagOverdue", debtor, seconds(maturity));
  }

  setGracePeriod(operator: Account, graceSeconds: number): Promise<Receipt> {
    return this.cc.send(operator, "Settlement:setGracePeriod", String(graceSeconds));
  }

  isOverdue(debtor: Account, maturity: Date): Promise<boolean> {
    return this.cc.flag("Settlement:isOverdue", debtor, seconds(maturity));
  }

  async gracePeriod(): Promise<number> {
    return Number(await this.cc.text("Settlement:gracePeriod"));
  }

  setPenaltyRate: SettlementPort["setPenaltyRate"] = noPenalties;
  payPenalty: SettlementPort["payPenalty"] = noPenalties;

  /** The chaincode charges no penalty: funding late costs nothing more there, which these reads say truthfully. */
  penaltyRateFor: SettlementPort["penaltyRateFor"] = () => Promise.resolve(0);
  penaltyDue: SettlementPort["penaltyDue"] = () => Promise.resolve(0n);
  penaltyPaid: SettlementPort["penaltyPaid"] = () => Promise.resolve(false);
}
