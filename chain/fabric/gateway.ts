/**
 * One gRPC connection to a peer's Gateway service, and a Gateway per organisation over it, each with that
 * organisation's identity and signer. A write is endorse, submit, then wait for its commit status; a read is
 * an evaluate. Every failure leaves as a typed ChainError (./errors).
 */
import { createPrivateKey } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { connect, signers, type ChaincodeEvent, type CloseableAsyncIterable, type Gateway } from "@hyperledger/fabric-gateway";
import { getAddress } from "ethers";
import { ChainError } from "../errors";
import type { Account } from "../ledger";
import { fromGatewayFailure, validationFailure } from "./errors";
import type { FabricKeyRing } from "./identities";

export interface FabricConnectionOptions {
  /** host:port of the peer's gateway. */
  endpoint: string;
  /** PEM root certificate of the peer's TLS CA; without it the connection is plain (test servers only). */
  tlsRootCert?: string;
  /** The TLS host name the peer's certificate names, when it is not the endpoint's. */
  tlsHostOverride?: string;
  channel: string;
  chaincode: string;
  keys: FabricKeyRing;
  /** The organisation whose identity evaluates queries. */
  reader: Account;
  /** Per call, in milliseconds. */
  timeoutMs?: number;
}

export interface Submitted {
  txId: string;
  blockNumber: number;
  payload: string;
}

export class FabricGateway {
  readonly channel: string;
  readonly chaincode: string;
  private readonly client: grpc.Client;
  private readonly gateways = new Map<string, Promise<Gateway>>();

  constructor(private readonly options: FabricConnectionOptions) {
    this.channel = options.channel;
    this.chaincode = options.chaincode;
    const credentials = options.tlsRootCert
      ? grpc.credentials.createSsl(Buffer.from(options.tlsRootCert))
      : grpc.credentials.createInsecure();
    const channelOptions = options.tlsHostOverride ? { "grpc.ssl_target_name_override": options.tlsHostOverride } : {};
    this.client = new grpc.Client(options.endpoint, credentials, channelOptions);
  }

  /** Endorses, submits and waits for the commit; a transaction the peer invalidates throws. */
  async submit(account: Account, fn: string, args: readonly string[]): Promise<Submitted> {
    try {
      const contract = (await this.gatewayOf(account)).getNetwork(this.channel).getContract(this.chaincode);
      const transaction = await contract.newProposal(fn, { arguments: [...args] }).endorse();
      const commit = await transaction.submit();
      const status = await commit.getStatus();
      if (!status.successful) throw validationFailure(status.transactionId, status.code);
      return {
        txId: status.transactionId,
        blockNumber: Number(status.blockNumber),
        payload: Buffer.from(transaction.getResult()).toString("utf8"),
      };
    } catch (e) {
      throw fromGatewayFailure(e);
    }
  }

  /** A chaincode query, as the reader organisation. */
  async evaluate(fn: string, args: readonly string[], chaincode = this.chaincode): Promise<Uint8Array> {
    try {
      const contract = (await this.gatewayOf(this.options.reader)).getNetwork(this.channel).getContract(chaincode);
      return await contract.evaluateTransaction(fn, ...args);
    } catch (e) {
      throw fromGatewayFailure(e);
    }
  }

  async evaluateText(fn: string, args: readonly string[]): Promise<string> {
    return Buffer.from(await this.evaluate(fn, args)).toString("utf8");
  }

  /**
   * The chaincode's events as they commit, from block `block` on, after transaction `afterTxId` in it when
   * given (the checkpoint of the last transaction already processed).
   */
  async chaincodeEvents(block: number, afterTxId?: string): Promise<CloseableAsyncIterable<ChaincodeEvent>> {
    try {
      const network = (await this.gatewayOf(this.options.reader)).getNetwork(this.channel);
      const checkpoint = { getBlockNumber: () => BigInt(block), getTransactionId: () => afterTxId };
      return await network.getChaincodeEvents(this.chaincode, { checkpoint });
    } catch (e) {
      throw fromGatewayFailure(e);
    }
  }

  close(): void {
    for (const g of this.gateways.values()) void g.then((gw) => gw.close(), () => undefined);
    this.gateways.clear();
    this.client.close();
  }

  private gatewayOf(account: Account): Promise<Gateway> {
    const key = getAddress(account);
    let g = this.gateways.get(key);
    if (!g) {
      g = this.connectAs(key);
      this.gateways.set(key, g);
      g.catch(() => this.gateways.delete(key));
    }
    return g;
  }

  private async connectAs(account: Account): Promise<Gateway> {
    const id = await this.options.keys.identityOf(account);
    if (!id) throw new ChainError("SIGNER_UNKNOWN", `No Fabric identity is held for ${account}`, false);
    const timeout = this.options.timeoutMs ?? 15_000;
    const deadline = () => ({ deadline: Date.now() + timeout });
    return connect({
      client: this.client,
      identity: { mspId: id.mspId, credentials: Buffer.from(id.certificate, "utf8") },
      signer: signers.newPrivateKeySigner(createPrivateKey(id.privateKey)),
      evaluateOptions: deadline,
      endorseOptions: deadline,
      submitOptions: deadline,
      commitStatusOptions: deadline,
    });
  }
}
