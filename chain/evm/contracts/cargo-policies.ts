import { getAddress, ZeroAddress } from "ethers";
import type { Account, Bytes32, CargoPoliciesPort, CargoPolicy, Fen, PolicyClaim, Receipt } from "../../ledger";
import type { cargoPoliciesAbi } from "../abi/CargoPolicies";
import { CLAIM_STATUS, fromSeconds, toSeconds } from "../codec";
import { ContractClient, withResult } from "../contract-client";

export class CargoPoliciesContract implements CargoPoliciesPort {
  readonly address: Account;

  constructor(private readonly c: ContractClient<typeof cargoPoliciesAbi>) {
    this.address = getAddress(c.address);
  }

  async underwrite(
    insurer: Account,
    p: { receiptId: bigint; insured: Fen; start: Date; end: Date; terms: Bytes32 },
  ): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(insurer, "underwrite", [p.receiptId, p.insured, toSeconds(p.start), toSeconds(p.end), p.terms]);
    return withResult(receipt, ContractClient.only(logs, "PolicyUnderwritten").args.policyId);
  }

  async fileClaim(claimant: Account, c: { policyId: bigint; loss: Fen; evidence: Bytes32; loanId: bigint }): Promise<Receipt<bigint>> {
    const { receipt, logs } = await this.c.send(claimant, "fileClaim", [c.policyId, c.loss, c.evidence, c.loanId]);
    return withResult(receipt, ContractClient.only(logs, "ClaimFiled").args.claimId);
  }

  async acceptClaim(insurer: Account, claimId: bigint, amount: Fen, loanId: bigint): Promise<Receipt<Account>> {
    const { receipt, logs } = await this.c.send(insurer, "acceptClaim", [claimId, amount, loanId]);
    return withResult(receipt, getAddress(ContractClient.only(logs, "ClaimPaid").args.beneficiary));
  }

  async rejectClaim(insurer: Account, claimId: bigint, reason: Bytes32): Promise<Receipt> {
    return (await this.c.send(insurer, "rejectClaim", [claimId, reason])).receipt;
  }

  async beneficiaryOf(policyId: bigint, loanId: bigint): Promise<Account> {
    return getAddress((await this.c.read("beneficiaryOf", [policyId, loanId]))[0]);
  }

  async policy(id: bigint): Promise<CargoPolicy | undefined> {
    const [p] = await this.c.read("policy", [id]);
    if (p.insurer === ZeroAddress) return undefined;
    return {
      id,
      receiptId: p.receiptId,
      insurer: getAddress(p.insurer),
      insured: p.insured,
      paid: p.paid,
      start: fromSeconds(p.start),
      end: fromSeconds(p.end),
      terms: p.terms,
    };
  }

  async claim(id: bigint): Promise<PolicyClaim | undefined> {
    const [c] = await this.c.read("claim", [id]);
    const status = CLAIM_STATUS.at(Number(c.status));
    if (status === "none" || status === undefined) return undefined;
    return {
      id,
      policyId: c.policyId,
      claimant: getAddress(c.claimant),
      status,
      loss: c.loss,
      paid: c.paid,
      beneficiary: c.beneficiary === ZeroAddress ? undefined : getAddress(c.beneficiary),
      evidence: c.evidence,
    };
  }

  async policyOf(receiptId: bigint): Promise<bigint> {
    return (await this.c.read("policyOf", [receiptId]))[0];
  }

  async lastIds(): Promise<{ policyId: bigint; claimId: bigint }> {
    const [policyId, claimId] = await this.c.read("lastIds");
    return { policyId, claimId };
  }
}
