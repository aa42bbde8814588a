import { getAddress } from "ethers";
import type { Account, Bytes32, Participant, ParticipantsPort, ParticipantStatus, Receipt, Role } from "../../ledger";
import type { participantsAbi } from "../abi/Participants";
import { bitsToRoles, rolesToBits } from "../codec";
import type { ContractClient } from "../contract-client";

export class ParticipantsContract implements ParticipantsPort {
  constructor(private readonly c: ContractClient<typeof participantsAbi>) {}

  async register(operator: Account, p: { account: Account; roles: Role[]; usccHash: Bytes32; kycHash: Bytes32 }): Promise<Receipt> {
    return (await this.c.send(operator, "register", [p.account, rolesToBits(p.roles), p.usccHash, p.kycHash])).receipt;
  }

  async setRoles(operator: Account, account: Account, roles: Role[]): Promise<Receipt> {
    return (await this.c.send(operator, "setRoles", [account, rolesToBits(roles)])).receipt;
  }

  async grantRegulator(regulator: Account, account: Account): Promise<Receipt> {
    return (await this.c.send(regulator, "grantRegulator", [account])).receipt;
  }

  async revokeRegulator(regulator: Account, account: Account): Promise<Receipt> {
    return (await this.c.send(regulator, "revokeRegulator", [account])).receipt;
  }

  async updateKyc(operator: Account, account: Account, kycHash: Bytes32): Promise<Receipt> {
    return (await this.c.send(operator, "updateKyc", [account, kycHash])).receipt;
  }

  async suspend(operator: Account, account: Account): Promise<Receipt> {
    return (await this.c.send(operator, "suspend", [account])).receipt;
  }

  async reinstate(operator: Account, account: Account): Promise<Receipt> {
    return (await this.c.send(operator, "reinstate", [account])).receipt;
  }

  async freeze(regulator: Account, account: Account): Promise<Receipt> {
    return (await this.c.send(regulator, "freeze", [account])).receipt;
  }

  async unfreeze(regulator: Account, account: Account): Promise<Receipt> {
    return (await this.c.send(regulator, "unfreeze", [account])).receipt;
  }

  async anchorAuditLog(operator: Account, head: Bytes32, entries: bigint): Promise<Receipt> {
    return (await this.c.send(operator, "anchorAuditLog", [head, entries])).receipt;
  }

  async get(account: Account): Promise<Participant> {
    const [p] = await this.c.read("participant", [account]);
    // The record holds everything statusOf derives; one call instead of two.
    const status: ParticipantStatus = !p.registered ? "none" : p.frozen ? "frozen" : p.suspended ? "suspended" : "active";
    return {
      account: getAddress(account),
      roles: bitsToRoles(Number(p.roles)),
      status,
      usccHash: p.usccHash,
      kycHash: p.kycHash,
    };
  }
}
