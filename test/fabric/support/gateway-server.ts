/**
 * A test double of a Fabric peer's Gateway service, over real gRPC: the service definition of
 * @hyperledger/fabric-protos on a @grpc/grpc-js server. It is named for what it is: no Fabric peer can run on
 * these machines, so this one stands in for it at the gRPC boundary. It
 * - checks the creator's certificate (issued by the MSP's CA) and signature on every proposal, envelope and
 *   signed request, and that a proposal's transaction id is SHA-256(nonce ‖ creator);
 * - simulates proposals with the real chaincode on the in-memory stub (TestPeer), at the proposal's timestamp;
 * - signs proposal responses as its endorsing peer, with the read/write set in the response (./gateway-rwset);
 * - orders submitted envelopes into blocks and validates each from its envelope, MVCC included
 *   (./gateway-blocks);
 * - answers CommitStatus once the transaction is in a block, and streams ChaincodeEvents from a position;
 * - serves qscc GetChainInfo, GetBlockByNumber and GetBlockByTxID through Evaluate, as a peer's system chaincode does.
 * What it does not do: TLS, endorsement policies over several organisations, gossip, private data, CouchDB.
 */
import { createHash, createPrivateKey, sign, X509Certificate } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { common, gateway, google, msp, peer } from "@hyperledger/fabric-protos";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { BlockLedger, type StoredBlock } from "./gateway-blocks";
import { AccessDenied, expectedTxId, MspRegistry, type Creator } from "./gateway-identity";
import { encodeRwset } from "./gateway-rwset";
import { parseBlock } from "../../../chain/fabric/blocks";
import { TestPeer } from "./test-peer";

export interface GatewayServerOptions {
  channel: string;
  chaincode: string;
  /** MSP id → its CA's PEM certificate. */
  msps: Record<string, string>;
  /** The endorsing peer's own enrolment. */
  peerIdentity: { mspId: string; certificate: string; privateKey: string };
}

/** A gRPC status to answer with, details (as the Fabric gateway attaches them) included. */
class GrpcFailure extends Error {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
    readonly metadata: grpc.Metadata,
  ) {
    super(details);
  }
}

function failure(code: grpc.status, message: string, details: { message: string; mspId: string }[] = []): GrpcFailure {
  const metadata = new grpc.Metadata();
  if (details.length > 0) {
    const status = new google.rpc.Status();
    status.setCode(code);
    status.setMessage(message);
    status.setDetailsList(
      details.map((d) => {
        const detail = new gateway.ErrorDetail();
        detail.setAddress("peer0.test:7051");
        detail.setMspId(d.mspId);
        detail.setMessage(d.message);
        const any = new Any();
        any.pack(detail.serializeBinary(), "gateway.ErrorDetail");
        return any;
      }),
    );
    metadata.set("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return new GrpcFailure(code, message, metadata);
}

interface ParsedProposal {
  creator: Creator;
  channelHeader: InstanceType<typeof common.ChannelHeader>;
  header: Uint8Array;
  payload: Uint8Array;
  chaincode: string;
  args: string[];
}

export class GatewayTestServer {
  readonly peer = new TestPeer(0n);
  readonly ledger: BlockLedger;
  private readonly server = new grpc.Server();
  private readonly msps = new MspRegistry();
  private readonly endorser: { serialized: Uint8Array; key: ReturnType<typeof createPrivateKey> };
  private readonly queue: { txId: string; envelope: Uint8Array }[] = [];
  private readonly submitted = new Set<string>();
  private cutScheduled = false;
  port = 0;
  /**
   * Cut a block when this many transactions wait; when undefined, every submission is cut at the next turn of
   * the event loop, with whatever else arrived meanwhile.
   */
  batchSize: number | undefined;

  private constructor(private readonly options: GatewayServerOptions) {
    for (const [mspId, ca] of Object.entries(options.msps)) this.msps.trust(mspId, ca);
    const id = new msp.SerializedIdentity();
    id.setMspid(options.peerIdentity.mspId);
    id.setIdBytes(Buffer.from(options.peerIdentity.certificate, "utf8"));
    this.endorser = { serialized: id.serializeBinary(), key: createPrivateKey(options.peerIdentity.privateKey) };
    const publicKey = new X509Certificate(options.peerIdentity.certificate).publicKey;
    this.ledger = new BlockLedger(this.peer.world, options.chaincode, { serialized: this.endorser.serialized, publicKey });
    this.server.addService(gateway.GatewayService, {
      evaluate: this.unary((r: InstanceType<typeof gateway.EvaluateRequest>) => this.evaluate(r)),
      endorse: this.unary((r: InstanceType<typeof gateway.EndorseRequest>) => this.endorse(r)),
      submit: this.unary((r: InstanceType<typeof gateway.SubmitRequest>) => this.submit(r)),
      commitStatus: this.unary((r: InstanceType<typeof gateway.SignedCommitStatusRequest>) => this.commitStatus(r)),
      chaincodeEvents: (call: grpc.ServerWritableStream<InstanceType<typeof gateway.SignedChaincodeEventsRequest>, unknown>) =>
        this.chaincodeEvents(call),
    });
  }

  static async start(options: GatewayServerOptions): Promise<GatewayTestServer> {
    const s = new GatewayTestServer(options);
    s.port = await new Promise<number>((resolve, reject) => {
      s.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port)));
    });
    return s;
  }

  get endpoint(): string {
    return `127.0.0.1:${String(this.port)}`;
  }

  /** Cuts a block of whatever waits, now. */
  flush(): StoredBlock | undefined {
    this.cutScheduled = false;
    const batch = this.queue.splice(0);
    return batch.length === 0 ? undefined : this.ledger.commit(batch);
  }

  /** Stops at once: open calls and streams end, new ones find nothing listening. */
  stop(): void {
    this.server.forceShutdown();
  }

  private unary<Req, Res>(handle: (request: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      Promise.resolve(call.request).then(handle).then(
        (res) => callback(null, res),
        (e: unknown) => {
          if (e instanceof AccessDenied) callback(failure(grpc.status.PERMISSION_DENIED, e.message));
          else if (e instanceof GrpcFailure) callback(e);
          else callback(failure(grpc.status.INTERNAL, e instanceof Error ? e.message : String(e)));
        },
      );
    };
  }

  private parseProposal(signed: InstanceType<typeof peer.SignedProposal> | undefined, channel: string): ParsedProposal {
    if (!signed) throw failure(grpc.status.INVALID_ARGUMENT, "a proposed transaction is required");
    const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    const creator = this.msps.check(signatureHeader.getCreator_asU8(), signed.getProposalBytes_asU8(), signed.getSignature_asU8());
    if (channelHeader.getTxId() !== expectedTxId(signatureHeader.getNonce_asU8(), signatureHeader.getCreator_asU8())) {
      throw failure(grpc.status.INVALID_ARGUMENT, "the transaction id is not SHA-256(nonce ‖ creator)");
    }
    if (channel !== this.options.channel || channelHeader.getChannelId() !== channel) {
      throw failure(grpc.status.NOT_FOUND, `channel '${channel}' not found`);
    }
    const ccPayload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(ccPayload.getInput_asU8()).getChaincodeSpec();
    const args = (spec?.getInput()?.getArgsList_asU8() ?? []).map((a) => Buffer.from(a).toString("utf8"));
    return {
      creator,
      channelHeader,
      header: proposal.getHeader_asU8(),
      payload: proposal.getPayload_asU8(),
      chaincode: spec?.getChaincodeId()?.getName() ?? "",
      args,
    };
  }

  private async simulate(p: ParsedProposal) {
    if (p.chaincode !== this.options.chaincode) throw failure(grpc.status.NOT_FOUND, `chaincode ${p.chaincode} not found`);
    if (this.submitted.has(p.channelHeader.getTxId())) throw failure(grpc.status.ALREADY_EXISTS, "duplicate transaction id");
    const ts = p.channelHeader.getTimestamp();
    return this.peer.simulate({
      txId: p.channelHeader.getTxId(),
      creator: { mspid: p.creator.mspId, idBytes: p.creator.idBytes },
      timestamp: { seconds: BigInt(ts?.getSeconds() ?? 0), nanos: ts?.getNanos() ?? 0 },
      args: p.args,
    });
  }

  private async evaluate(request: InstanceType<typeof gateway.EvaluateRequest>) {
    const p = this.parseProposal(request.getProposedTransaction(), request.getChannelId());
    const response = new peer.Response();
    if (p.chaincode === "qscc") {
      response.setStatus(200);
      response.setPayload(this.qscc(p.args));
    } else {
      const e = await this.simulate(p);
      if (e.status !== 200) {
        throw failure(grpc.status.UNKNOWN, `evaluate call to endorser returned error: chaincode response ${String(e.status)}, ${e.message}`, [
          { mspId: this.options.peerIdentity.mspId, message: `chaincode response ${String(e.status)}, ${e.message}` },
        ]);
      }
      response.setStatus(200);
      response.setPayload(Buffer.from(e.payload, "utf8"));
    }
    const out = new gateway.EvaluateResponse();
    out.setResult(response);
    return out;
  }

  private qscc(args: string[]): Uint8Array {
    const [fn, channel, number] = args;
    if (channel !== this.options.channel) throw failure(grpc.status.NOT_FOUND, `channel '${channel}' not found`);
    const blocks = this.ledger.blocks;
    if (fn === "GetChainInfo") {
      const info = new common.BlockchainInfo();
      info.setHeight(blocks.length);
      info.setCurrentblockhash(Buffer.from(parseBlock(blocks[blocks.length - 1].bytes).hash.slice(2), "hex"));
      return info.serializeBinary();
    }
    if (fn === "GetBlockByNumber") {
      const block = blocks[Number(number)] as StoredBlock | undefined;
      if (!block) throw failure(grpc.status.UNKNOWN, `evaluate call to endorser returned error: no such block number [${number}]`);
      return block.bytes;
    }
    if (fn === "GetBlockByTxID") {
      const block = blocks.find((b) => parseBlock(b.bytes).transactions.some((t) => t.txId === number));
      if (!block) throw failure(grpc.status.UNKNOWN, `evaluate call to endorser returned error: no such transaction ID [${number}]`);
      return block.bytes;
    }
    throw failure(grpc.status.UNKNOWN, `qscc: unknown function ${fn}`);
  }

  private async endorse(request: InstanceType<typeof gateway.EndorseRequest>) {
    const p = this.parseProposal(request.getProposedTransaction(), request.getChannelId());
    const e = await this.simulate(p);
    if (e.status !== 200) {
      throw failure(grpc.status.ABORTED, "failed to endorse transaction, see attached details for more info", [
        { mspId: this.options.peerIdentity.mspId, message: `chaincode response ${String(e.status)}, ${e.message}` },
      ]);
    }
    const ccId = new peer.ChaincodeID();
    ccId.setName(this.options.chaincode);
    const response = new peer.Response();
    response.setStatus(e.status);
    response.setMessage(e.message);
    response.setPayload(Buffer.from(e.payload, "utf8"));
    const action = new peer.ChaincodeAction();
    action.setResults(encodeRwset(this.options.chaincode, e.rwset));
    if (e.event) {
      const event = new peer.ChaincodeEvent();
      event.setChaincodeId(this.options.chaincode);
      event.setTxId(e.txId);
      event.setEventName(e.event.name);
      event.setPayload(e.event.payload);
      action.setEvents(event.serializeBinary());
    }
    action.setResponse(response);
    action.setChaincodeId(ccId);
    const prp = new peer.ProposalResponsePayload();
    prp.setProposalHash(createHash("sha256").update(p.header).update(p.payload).digest());
    prp.setExtension$(action.serializeBinary());
    const prpBytes = prp.serializeBinary();
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(this.endorser.serialized);
    endorsement.setSignature(sign("sha256", Buffer.concat([Buffer.from(prpBytes), Buffer.from(this.endorser.serialized)]), this.endorser.key));
    const endorsed = new peer.ChaincodeEndorsedAction();
    endorsed.setProposalResponsePayload(prpBytes);
    endorsed.setEndorsementsList([endorsement]);
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setChaincodeProposalPayload(p.payload);
    actionPayload.setAction(endorsed);
    const header = common.Header.deserializeBinary(p.header);
    const txAction = new peer.TransactionAction();
    txAction.setHeader(header.getSignatureHeader_asU8());
    txAction.setPayload(actionPayload.serializeBinary());
    const tx = new peer.Transaction();
    tx.setActionsList([txAction]);
    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(tx.serializeBinary());
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    const out = new gateway.EndorseResponse();
    out.setPreparedTransaction(envelope);
    return out;
  }

  private submit(request: InstanceType<typeof gateway.SubmitRequest>) {
    const envelope = request.getPreparedTransaction();
    if (!envelope) throw failure(grpc.status.INVALID_ARGUMENT, "a prepared transaction is required");
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
    const signatureHeader = common.SignatureHeader.deserializeBinary(header?.getSignatureHeader_asU8() ?? new Uint8Array());
    this.msps.check(signatureHeader.getCreator_asU8(), envelope.getPayload_asU8(), envelope.getSignature_asU8());
    const txId = channelHeader.getTxId();
    if (txId !== request.getTransactionId() || request.getChannelId() !== this.options.channel) {
      throw failure(grpc.status.INVALID_ARGUMENT, "the request does not match its envelope");
    }
    this.submitted.add(txId);
    this.queue.push({ txId, envelope: envelope.serializeBinary() });
    if (this.batchSize !== undefined) {
      if (this.queue.length >= this.batchSize) this.flush();
    } else if (!this.cutScheduled) {
      this.cutScheduled = true;
      setImmediate(() => this.flush());
    }
    return Promise.resolve(new gateway.SubmitResponse());
  }

  private commitStatus(signed: InstanceType<typeof gateway.SignedCommitStatusRequest>) {
    const request = gateway.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8());
    this.msps.check(request.getIdentity_asU8(), signed.getRequest_asU8(), signed.getSignature_asU8());
    const txId = request.getTransactionId();
    const answer = (s: { code: number; block: number }) => {
      const out = new gateway.CommitStatusResponse();
      out.setResult(s.code as never);
      out.setBlockNumber(s.block);
      return out;
    };
    const known = this.ledger.statusOf(txId);
    if (known) return Promise.resolve(answer(known));
    return new Promise<InstanceType<typeof gateway.CommitStatusResponse>>((resolve) => {
      const off = this.ledger.onBlock(() => {
        const s = this.ledger.statusOf(txId);
        if (s) {
          off();
          resolve(answer(s));
        }
      });
    });
  }

  private chaincodeEvents(call: grpc.ServerWritableStream<InstanceType<typeof gateway.SignedChaincodeEventsRequest>, unknown>): void {
    let request: InstanceType<typeof gateway.ChaincodeEventsRequest>;
    try {
      request = gateway.ChaincodeEventsRequest.deserializeBinary(call.request.getRequest_asU8());
      this.msps.check(request.getIdentity_asU8(), call.request.getRequest_asU8(), call.request.getSignature_asU8());
      if (request.getChannelId() !== this.options.channel) throw failure(grpc.status.NOT_FOUND, "channel not found");
    } catch (e) {
      const refused = e instanceof GrpcFailure ? e : failure(grpc.status.PERMISSION_DENIED, e instanceof Error ? e.message : "refused");
      call.destroy(refused);
      return;
    }
    const start = request.getStartPosition();
    let next = start?.getSpecified() ? start.getSpecified()!.getNumber() : start?.getOldest() ? 0 : this.ledger.blocks.length;
    let skipThrough = request.getAfterTransactionId();
    const chaincode = request.getChaincodeId();
    const send = () => {
      while (next < this.ledger.blocks.length) {
        const block = parseBlock(this.ledger.blocks[next].bytes);
        next++;
        let txs = block.transactions;
        if (skipThrough !== "") {
          const at = txs.findIndex((t) => t.txId === skipThrough);
          if (at >= 0) txs = txs.slice(at + 1);
          skipThrough = "";
        }
        const events = txs
          .filter((t) => t.valid && t.event !== undefined && chaincode === this.options.chaincode)
          .map((t) => {
            const ev = new peer.ChaincodeEvent();
            ev.setChaincodeId(chaincode);
            ev.setTxId(t.txId);
            ev.setEventName(t.event!.name);
            ev.setPayload(t.event!.payload);
            return ev;
          });
        if (events.length === 0) continue;
        const out = new gateway.ChaincodeEventsResponse();
        out.setBlockNumber(block.number);
        out.setEventsList(events);
        call.write(out);
      }
    };
    send();
    const off = this.ledger.onBlock(send);
    call.on("cancelled", off);
    call.on("close", off);
  }
}
