import { createHash, createPrivateKey } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { connect, GatewayError, signers, type Gateway } from "@hyperledger/fabric-gateway";
import { common, gateway, peer } from "@hyperledger/fabric-protos";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ChainError, CONTRACT_ERRORS } from "../../chain/errors";
import { validationFailure } from "../../chain/fabric/errors";
import { StaticFabricKeyRing } from "../../chain/fabric/identities";
import { FabricLedger } from "../../chain/fabric/fabric-ledger";
import { TestCa } from "./support/test-ca";
import { bytes32, cstMidnightAfter, enrol, MSP, START } from "./support/fixture";
import { CHAINCODE, CHANNEL, gatewayWorld, type GatewayWorld } from "./support/gateway-fixture";
import { decodeRwset, encodeRwset } from "./support/gateway-rwset";

let w: GatewayWorld;
let client: grpc.Client;
const maturity = new Date(Number(cstMidnightAfter(START, 30n)) * 1000);

beforeAll(async () => {
  w = await gatewayWorld();
  await w.ledger.cash.mint(w.accounts.cashBank, w.accounts.core, 1_000_00n, bytes32("deposit"));
  client = new grpc.Client(w.server.endpoint, grpc.credentials.createInsecure());
});
afterAll(async () => {
  client.close();
  await w.close();
});

/** What the refusal left behind: it must be nothing (no block, no state). */
const heightOf = () => w.server.ledger.blocks.length;

async function refusal(action: Promise<unknown>): Promise<ChainError> {
  const before = heightOf();
  const keys = w.server.peer.world.keys().length;
  const e = await action.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChainError);
  expect(heightOf()).toBe(before);
  expect(w.server.peer.world.keys()).toHaveLength(keys);
  return e as ChainError;
}

describe("refusals through the gateway", () => {
  test("a chaincode refusal carries the EVM revert's code, name and named arguments", async () => {
    const { ledger, accounts: a } = w;
    const e = await refusal(ledger.cash.burn(a.cashBank, a.core, 1_000_01n, bytes32("withdrawal")));
    expect(e.code).toBe(CONTRACT_ERRORS.ERC20InsufficientAllowance.code);
    expect(e.retryable).toBe(false);
    expect(e.revert).toEqual({ name: "ERC20InsufficientAllowance", args: { spender: a.cashBank, allowance: 0n, needed: 1_000_01n } });
    await ledger.cash.approve(a.core, a.cashBank, 2_000_00n);
    const short = await refusal(ledger.cash.burn(a.cashBank, a.core, 1_000_01n, bytes32("withdrawal")));
    expect(short.code).toBe(CONTRACT_ERRORS.ERC20InsufficientBalance.code);
    expect(short.revert).toEqual({ name: "ERC20InsufficientBalance", args: { sender: a.core, balance: 1_000_00n, needed: 1_000_01n } });
  });

  test("a refusal by role, and one past the maximum term, map as on the EVM", async () => {
    const { ledger, accounts: a } = w;
    const byRole = await refusal(ledger.vouchers.issue(a.tier1, { supplier: a.tier2, amount: 1n, maturity, invoiceKeys: [] }));
    expect(byRole.code).toBe("PARTICIPANT_MISSING_ROLE");
    expect(byRole.revert?.name).toBe("ParticipantsMissingRole");
    const far = new Date(Number(cstMidnightAfter(START, 4000n)) * 1000);
    const term = await refusal(ledger.vouchers.issue(a.core, { supplier: a.tier1, amount: 1n, maturity: far, invoiceKeys: [] }));
    expect(term.code).toBe(CONTRACT_ERRORS.VouchersInvalidMaturity.code);
  });

  test("a query's refusal is typed too; a Fabric-only refusal keeps its name", async () => {
    const e = await refusal(w.ledger.cash.balanceOf("0x12"));
    expect(e.code).toBe("LEDGER_REVERTED");
    expect(e.revert).toEqual({ name: "LedgerInvalidArgument", args: { "0": "account" } });
  });

  test("an account with no identity held is refused before anything is sent", async () => {
    const e = await refusal(w.ledger.cash.approve("0x000000000000000000000000000000000000dEaD", w.accounts.core, 1n));
    expect(e.code).toBe("SIGNER_UNKNOWN");
  });
});

describe("signatures", () => {
  /** A gateway for `certificate` whose signer holds `privateKey`. */
  const gatewayFor = (certificate: string, privateKey?: string): Gateway =>
    connect({
      client,
      identity: { mspId: MSP, credentials: Buffer.from(certificate) },
      ...(privateKey ? { signer: signers.newPrivateKeySigner(createPrivateKey(privateKey)) } : {}),
    });

  const deniedBy = async (action: Promise<unknown>, why: RegExp) => {
    const before = heightOf();
    const e = await action.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).code).toBe(grpc.status.PERMISSION_DENIED);
    expect((e as GatewayError).message).toMatch(why);
    expect(heightOf()).toBe(before);
  };

  test("a proposal signed with another key than its certificate's is refused", async () => {
    const tier1 = await enrol("tier1", "supplier");
    const tier2 = await enrol("tier2", "supplier");
    const forged = gatewayFor(tier1.certificate, tier2.privateKey).getNetwork(CHANNEL).getContract(CHAINCODE);
    await deniedBy(forged.submitTransaction("Cash:approve", w.accounts.tier2, "1"), /signature does not verify/);
    await deniedBy(forged.evaluateTransaction("Cash:balanceOf", w.accounts.tier1), /signature does not verify/);
  });

  test("a certificate from a CA the channel does not trust is refused, whatever it claims", async () => {
    const rogue = await (await TestCa.create(MSP)).enrol("rogue", { "scf.account": w.cast.operator.account, "scf.roles": "operator" });
    const contract = gatewayFor(rogue.certificate, rogue.privateKey).getNetwork(CHANNEL).getContract(CHAINCODE);
    await deniedBy(contract.submitTransaction("Financing:setFee", "100", w.accounts.operator), /not issued by/);
    // The same through the port: a typed refusal, not a crash.
    const keys = new StaticFabricKeyRing();
    keys.add(w.accounts.operator, rogue);
    const ledger = new FabricLedger({ endpoint: w.server.endpoint, channel: CHANNEL, chaincode: CHAINCODE, keys, reader: w.accounts.operator, mspId: MSP });
    try {
      const e = await refusal(ledger.financing.setFee(w.accounts.operator, 100, w.accounts.operator));
      expect(e.code).toBe("LEDGER_REJECTED");
    } finally {
      await ledger.close();
    }
  });

  test("an endorsed transaction whose envelope is signed by someone else is refused at submit", async () => {
    const tier1 = await enrol("tier1", "supplier");
    const tier2 = await enrol("tier2", "supplier");
    const gw = gatewayFor(tier1.certificate);
    const contract = gw.getNetwork(CHANNEL).getContract(CHAINCODE);
    const unsigned = contract.newProposal("Cash:approve", { arguments: [w.accounts.tier2, "5"] });
    const sign = (key: string) => signers.newPrivateKeySigner(createPrivateKey(key));
    const proposal = gw.newSignedProposal(unsigned.getBytes(), await sign(tier1.privateKey)(unsigned.getDigest()));
    const endorsed = await proposal.endorse();
    const forged = gw.newSignedTransaction(endorsed.getBytes(), await sign(tier2.privateKey)(endorsed.getDigest()));
    await deniedBy(forged.submit(), /signature does not verify/);
    expect(await w.ledger.cash.allowance(w.accounts.tier1, w.accounts.tier2)).toBe(0n);
    // Signed by its creator, the same endorsement commits.
    const honest = gw.newSignedTransaction(endorsed.getBytes(), await sign(tier1.privateKey)(endorsed.getDigest()));
    const commit = await honest.submit();
    const signedCommit = gw.newSignedCommit(commit.getBytes(), await sign(tier1.privateKey)(commit.getDigest()));
    expect((await signedCommit.getStatus()).successful).toBe(true);
    expect(await w.ledger.cash.allowance(w.accounts.tier1, w.accounts.tier2)).toBe(5n);
  });
});

describe("validation at commit", () => {
  /** Rewrites the read/write set inside an endorsed transaction, as a dishonest client could. */
  function tamper(prepared: Uint8Array, extraKey: string): Uint8Array {
    const tx = gateway.PreparedTransaction.deserializeBinary(prepared);
    const envelope = tx.getEnvelope()!;
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const [action] = transaction.getActionsList();
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const endorsed = actionPayload.getAction()!;
    const prp = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
    const ccAction = peer.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
    const rwset = decodeRwset(CHAINCODE, ccAction.getResults_asU8());
    rwset.writes.set(extraKey, Buffer.from("{}"));
    ccAction.setResults(encodeRwset(CHAINCODE, rwset));
    prp.setExtension$(ccAction.serializeBinary());
    endorsed.setProposalResponsePayload(prp.serializeBinary());
    action.setPayload(actionPayload.serializeBinary());
    payload.setData(transaction.serializeBinary());
    envelope.setPayload(payload.serializeBinary());
    return tx.serializeBinary();
  }

  test("a transaction whose read/write set is not what the peer endorsed is ordered but never applied", async () => {
    const tier1 = await enrol("tier1", "supplier");
    const sign = signers.newPrivateKeySigner(createPrivateKey(tier1.privateKey));
    const gw = connect({ client, identity: { mspId: MSP, credentials: Buffer.from(tier1.certificate) }, signer: sign });
    const contract = gw.getNetwork(CHANNEL).getContract(CHAINCODE);
    const endorsed = await contract.newProposal("Cash:approve", { arguments: [w.accounts.tier3, "11"] }).endorse();
    const bytes = tamper(endorsed.getBytes(), "\u0000forged\u0000key\u0000");
    const payload = gateway.PreparedTransaction.deserializeBinary(bytes).getEnvelope()!.getPayload_asU8();
    const digest = createHash("sha256").update(payload).digest();
    const forged = gw.newSignedTransaction(bytes, await sign(digest));
    const status = await (await forged.submit()).getStatus();
    expect(status.successful).toBe(false);
    expect(status.code).toBe(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    // Through the port this is a final refusal, unlike an MVCC conflict.
    expect(validationFailure(status.transactionId, status.code)).toMatchObject({ code: "LEDGER_INVALID_TRANSACTION", retryable: false });
    expect(w.server.peer.world.get("\u0000forged\u0000key\u0000")).toBeUndefined();
    expect(await w.ledger.cash.allowance(w.accounts.tier1, w.accounts.tier3)).toBe(0n);
    gw.close();
  });
});
