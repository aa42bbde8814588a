/**
 * The ledger port on Hyperledger Fabric: the scf-ledger chaincode (contracts/fabric/) behind a peer's Gateway
 * service, over one gRPC connection, with an identity and signer per organisation.
 */
import { ZeroAddress } from "ethers";
import { ChainError, ChainUnavailableError } from "../errors";
import type {
  BlockRef,
  CargoPoliciesPort,
  ClockPort,
  CommodityPricesPort,
  GuaranteesPort,
  Ledger,
  PledgesPort,
  WarehouseFeesPort,
  WarehouseReceiptsPort,
} from "../ledger";
import { Chaincode } from "./chaincode";
import { FabricDataServices, FabricReadingAnchors } from "./data-services";
import { FabricGateway, type FabricConnectionOptions } from "./gateway";
import { FabricHistory } from "./history";
import { FabricCash, FabricCreditLines, FabricInvoices } from "./money";
import { FabricParticipants, FabricRules } from "./parties";
import { FabricFinancing, FabricSettlement, FabricVouchers } from "./vouchers";

export interface FabricLedgerOptions extends FabricConnectionOptions {
  /** The MSP that organisations registered without one are enrolled in. */
  mspId: string;
}

const unsupported = (): Promise<never> =>
  Promise.reject(
    new ChainError(
      "LEDGER_UNSUPPORTED",
      "The Fabric chaincode keeps no warehouse receipts, commodity prices, pledge loans, guarantees, cargo policies, warehouse fees or late-funding penalties yet",
      false,
    ),
  );

/** The chaincode keeps no warehouse receipts, commodity prices or pledge loans yet: every call says so. */
const NO_RECEIPTS: WarehouseReceiptsPort = {
  issue: unsupported,
  transfer: unsupported,
  split: unsupported,
  deliver: unsupported,
  cancel: unsupported,
  get: unsupported,
  backedBy: unsupported,
  lastId: unsupported,
};
const NO_PRICES: CommodityPricesPort = {
  appointPublisher: unsupported,
  dismissPublisher: unsupported,
  post: unsupported,
  isPublisher: unsupported,
  priceOn: unsupported,
};
const NO_PLEDGES: PledgesPort = {
  address: ZeroAddress,
  setBounds: unsupported,
  setFee: unsupported,
  setPledgeRate: unsupported,
  request: unsupported,
  drawdown: unsupported,
  cancel: unsupported,
  topUp: unsupported,
  repay: unsupported,
  check: unsupported,
  declareDefault: unsupported,
  seize: unsupported,
  get: unsupported,
  receiptsOf: unsupported,
  due: unsupported,
  pledgeRate: unsupported,
  bounds: unsupported,
  fee: unsupported,
  lastId: unsupported,
};

/** Nor guarantees, cargo policies or warehouse fees, which stand behind vouchers and receipts. */
const NO_GUARANTEES: GuaranteesPort = {
  address: ZeroAddress,
  issue: unsupported,
  demand: unsupported,
  recover: unsupported,
  reclaim: unsupported,
  release: unsupported,
  expire: unsupported,
  get: unsupported,
  guaranteeOf: unsupported,
  lastId: unsupported,
};
const NO_POLICIES: CargoPoliciesPort = {
  address: ZeroAddress,
  underwrite: unsupported,
  fileClaim: unsupported,
  acceptClaim: unsupported,
  rejectClaim: unsupported,
  beneficiaryOf: unsupported,
  policy: unsupported,
  claim: unsupported,
  policyOf: unsupported,
  lastIds: unsupported,
};
const NO_FEES: WarehouseFeesPort = {
  address: ZeroAddress,
  setTariff: unsupported,
  open: unsupported,
  startSupervision: unsupported,
  endSupervision: unsupported,
  pay: unsupported,
  due: unsupported,
  account: unsupported,
  tariff: unsupported,
};

/** Proposals carry the client's clock, and the chaincode's time is theirs: no one moves it. */
const WALL_CLOCK: ClockPort = {
  now: () => Promise.resolve(new Date()),
  current: () => new Date(),
  canTravel: false,
  advance: (): Promise<BlockRef> => Promise.reject(new Error("Only the embedded chain's clock can be moved")),
};

export class FabricLedger implements Ledger {
  /** Fabric has no chain id; channels are named. */
  readonly chainId = 0n;
  readonly gateway: FabricGateway;
  readonly participants: FabricParticipants;
  readonly rules: FabricRules;
  readonly creditLines: FabricCreditLines;
  readonly invoices: FabricInvoices;
  readonly cash: FabricCash;
  readonly vouchers: FabricVouchers;
  readonly financing: FabricFinancing;
  readonly settlement: FabricSettlement;
  readonly dataServices: FabricDataServices;
  readonly readingAnchors: FabricReadingAnchors;
  readonly receipts = NO_RECEIPTS;
  readonly prices = NO_PRICES;
  readonly pledges = NO_PLEDGES;
  readonly guarantees = NO_GUARANTEES;
  readonly policies = NO_POLICIES;
  readonly fees = NO_FEES;
  readonly history: FabricHistory;
  readonly clock = WALL_CLOCK;

  constructor(options: FabricLedgerOptions) {
    this.gateway = new FabricGateway(options);
    const cc = new Chaincode(this.gateway);
    this.participants = new FabricParticipants(cc, options.mspId);
    this.rules = new FabricRules(cc);
    this.creditLines = new FabricCreditLines(cc);
    this.invoices = new FabricInvoices(cc);
    this.cash = new FabricCash(cc);
    this.vouchers = new FabricVouchers(cc);
    this.financing = new FabricFinancing(cc);
    this.settlement = new FabricSettlement(cc);
    this.history = new FabricHistory(this.gateway);
    this.dataServices = new FabricDataServices(cc);
    this.readingAnchors = new FabricReadingAnchors(cc, this.history);
  }

  /** Fabric charges no gas. */
  ensureGas(): Promise<void> {
    return Promise.resolve();
  }

  async ping(): Promise<void> {
    try {
      await this.history.height();
    } catch (e) {
      if (e instanceof ChainUnavailableError) throw e;
      throw new ChainUnavailableError("The Fabric gateway does not answer", { cause: e });
    }
  }

  close(): Promise<void> {
    this.gateway.close();
    return Promise.resolve();
  }
}
