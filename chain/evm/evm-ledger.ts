import { getAddress } from "ethers";
import { ChainUnavailableError } from "../errors";
import type { LedgerEvent } from "../events";
import type { Account, BlockRef, ClockPort, HistoryPort, KeyRing, Ledger } from "../ledger";
import type { NonceAllocator } from "../nonces";
import { suiteAbis } from "./abi";
import { decodeLog, logSource } from "./codec";
import { ContractClient } from "./contract-client";
import { CashContract } from "./contracts/cash";
import { DataServicesContract } from "./contracts/data-services";
import { CreditLinesContract } from "./contracts/credit-lines";
import { FinancingContract } from "./contracts/financing";
import { InvoicesContract } from "./contracts/invoices";
import { ParticipantsContract } from "./contracts/participants";
import { CommodityPricesContract } from "./contracts/commodity-prices";
import { PledgesContract } from "./contracts/pledges";
import { ReadingAnchorsContract } from "./contracts/reading-anchors";
import { RulesContract } from "./contracts/rules";
import { SettlementContract } from "./contracts/settlement";
import { VouchersContract } from "./contracts/vouchers";
import { WarehouseReceiptsContract } from "./contracts/warehouse-receipts";
import { CargoPoliciesContract } from "./contracts/cargo-policies";
import { GuaranteesContract } from "./contracts/guarantees";
import { WarehouseFeesContract } from "./contracts/warehouse-fees";
import type { Rpc } from "./rpc";
import { Submitter, type Transport } from "./submitter";
import { SUITE, type ContractName, type SuiteAddresses } from "./suite";

export interface EvmLedgerOptions {
  rpc: Rpc;
  transport: Transport;
  keys: KeyRing;
  addresses: SuiteAddresses;
  chainId: bigint;
  gasPrice: bigint;
  /** The newest block the indexer may read: durable (embedded) or confirmed (remote). */
  confirmedHead: () => Promise<number>;
  clock: { now: () => Promise<Date>; current: () => Date; advance?: (seconds: number) => Promise<BlockRef> };
  /** Pays for other accounts' gas on chains that charge for it. */
  funder?: Account;
  /** Balance an account is topped up to, in wei, when the chain charges gas. */
  gasAllowance?: bigint;
  onClose?: () => Promise<void>;
  /** Who hands out nonces (see SubmitterOptions); this process's memory by default. */
  nonces?: NonceAllocator;
  /** See SubmitterOptions.preflight: on unless the chain makes a reverted transaction free. */
  preflight?: boolean;
}

interface RawBlock { number: string; hash: string; timestamp: string }

/** The ledger port on any EVM chain: typed contract wrappers over one submitter. */
export class EvmLedger implements Ledger {
  readonly chainId: bigint;
  readonly participants: ParticipantsContract;
  readonly rules: RulesContract;
  readonly creditLines: CreditLinesContract;
  readonly invoices: InvoicesContract;
  readonly cash: CashContract;
  readonly vouchers: VouchersContract;
  readonly financing: FinancingContract;
  readonly settlement: SettlementContract;
  readonly dataServices: DataServicesContract;
  readonly readingAnchors: ReadingAnchorsContract;
  readonly receipts: WarehouseReceiptsContract;
  readonly prices: CommodityPricesContract;
  readonly pledges: PledgesContract;
  readonly guarantees: GuaranteesContract;
  readonly policies: CargoPoliciesContract;
  readonly fees: WarehouseFeesContract;
  readonly history: HistoryPort;
  readonly clock: ClockPort;
  readonly submitter: Submitter;

  constructor(private readonly options: EvmLedgerOptions) {
    this.chainId = options.chainId;
    this.submitter = new Submitter(options.rpc, options.keys, options.transport, {
      chainId: options.chainId,
      gasPrice: options.gasPrice,
      nonces: options.nonces,
      preflight: options.preflight,
    });
    const client = <N extends ContractName>(name: N) =>
      new ContractClient(name, options.addresses[name], this.submitter, suiteAbis[name]);
    this.participants = new ParticipantsContract(client("Participants"));
    this.rules = new RulesContract(client("CreditPassingRules"));
    this.creditLines = new CreditLinesContract(client("CreditLines"));
    this.invoices = new InvoicesContract(client("Invoices"));
    this.cash = new CashContract(client("SettlementCash"));
    this.vouchers = new VouchersContract(client("Vouchers"));
    this.financing = new FinancingContract(client("Financing"));
    this.settlement = new SettlementContract(client("Settlement"));
    this.dataServices = new DataServicesContract(client("DataServices"));
    this.readingAnchors = new ReadingAnchorsContract(client("ReadingAnchors"));
    this.receipts = new WarehouseReceiptsContract(client("WarehouseReceipts"));
    this.prices = new CommodityPricesContract(client("CommodityPrices"));
    this.pledges = new PledgesContract(client("Pledges"));
    this.guarantees = new GuaranteesContract(client("Guarantees"));
    this.policies = new CargoPoliciesContract(client("CargoPolicies"));
    this.fees = new WarehouseFeesContract(client("WarehouseFees"));
    this.history = this.makeHistory(SUITE.map((name) => client(name)));
    const { now, current, advance } = options.clock;
    this.clock = {
      now,
      current,
      canTravel: advance !== undefined,
      advance: async (seconds: number) => {
        if (!advance) throw new Error("Only the embedded chain's clock can be moved");
        return advance(seconds);
      },
    };
  }

  async ensureGas(account: Account): Promise<void> {
    if (this.options.gasPrice === 0n || !this.options.funder) return;
    const want = this.options.gasAllowance ?? 10n ** 17n;
    const balance = BigInt(await this.options.rpc.request<string>("eth_getBalance", [getAddress(account), "latest"]));
    if (balance >= want / 2n) return;
    await this.submitter.submit(this.options.funder, getAddress(account), "0x", want - balance);
  }

  async ping(): Promise<void> {
    try {
      await this.options.rpc.request("eth_blockNumber");
    } catch (e) {
      throw new ChainUnavailableError("The chain does not answer", { cause: e });
    }
  }

  async close(): Promise<void> {
    await this.options.onClose?.();
    await this.options.rpc.close();
  }

  private makeHistory(clients: readonly Pick<ContractClient, "name" | "address" | "iface">[]): HistoryPort {
    const rpc = this.options.rpc;
    const byAddress = new Map(clients.map((c) => [c.address.toLowerCase(), logSource(c.name, c.iface)]));
    const block = async (tag: string): Promise<BlockRef> => {
      const b = await rpc.request<RawBlock | null>("eth_getBlockByNumber", [tag, false]);
      if (!b) throw new Error(`No block ${tag}`);
      return { number: Number(b.number), hash: b.hash, timestamp: new Date(Number(b.timestamp) * 1000) };
    };
    return {
      confirmedHead: async () => block(`0x${(await this.options.confirmedHead()).toString(16)}`),
      block: (n: number) => block(`0x${n.toString(16)}`),
      events: async (from: number, to: number): Promise<LedgerEvent[]> => {
        if (to < from) return [];
        const logs = await rpc.request<Parameters<typeof decodeLog>[0][]>("eth_getLogs", [
          { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, address: [...byAddress.keys()] },
        ]);
        return logs.map((l) => decodeLog(l, byAddress)).filter((e): e is LedgerEvent => e !== undefined);
      },
    };
  }
}
