/** Participants and the credit-passing rules on the chaincode. */
import { rolesToBits } from "../evm/codec";
import type {
  Account,
  Bytes32,
  CreditPassingRules,
  Participant,
  ParticipantsPort,
  PlatformBounds,
  Receipt,
  Role,
  RulesPort,
} from "../ledger";
import { list, type Chaincode } from "./chaincode";
import { recordFrom } from "./codec";

export class FabricParticipants implements ParticipantsPort {
  /** `defaultMspId`: the MSP an organisation's identities are enrolled in when the caller names none. */
  constructor(
    private readonly cc: Chaincode,
    private readonly defaultMspId: string,
  ) {}

  register(operator: Account, p: { account: Account; roles: Role[]; usccHash: Bytes32; kycHash: Bytes32; mspId?: string }): Promise<Receipt> {
    const roles = String(rolesToBits(p.roles));
    return this.cc.send(operator, "Participants:register", p.account, roles, p.usccHash, p.kycHash, p.mspId ?? this.defaultMspId);
  }

  setRoles(operator: Account, account: Account, roles: Role[]): Promise<Receipt> {
    return this.cc.send(operator, "Participants:setRoles", account, String(rolesToBits(roles)));
  }

  grantRegulator(regulator: Account, account: Account): Promise<Receipt> {
    return this.cc.send(regulator, "Participants:grantRegulator", account);
  }

  revokeRegulator(regulator: Account, account: Account): Promise<Receipt> {
    return this.cc.send(regulator, "Participants:revokeRegulator", account);
  }

  updateKyc(operator: Account, account: Account, kycHash: Bytes32): Promise<Receipt> {
    return this.cc.send(operator, "Participants:updateKyc", account, kycHash);
  }

  suspend(operator: Account, account: Account): Promise<Receipt> {
    return this.cc.send(operator, "Participants:suspend", account);
  }

  reinstate(operator: Account, account: Account): Promise<Receipt> {
    return this.cc.send(operator, "Participants:reinstate", account);
  }

  freeze(regulator: Account, account: Account): Promise<Receipt> {
    return this.cc.send(regulator, "Participants:freeze", account);
  }

  unfreeze(regulator: Account, account: Account): Promise<Receipt> {
    return this.cc.send(regulator, "Participants:unfreeze", account);
  }

  anchorAuditLog(operator: Account, head: Bytes32, entries: bigint): Promise<Receipt> {
    return this.cc.send(operator, "Participants:anchorAuditLog", head, entries.toString());
  }

  async get(account: Account): Promise<Participant> {
    const p = recordFrom(await this.cc.json("Participants:get", account));
    return { account: p.account, roles: p.roles, status: p.status, usccHash: p.usccHash, kycHash: p.kycHash } as Participant;
  }
}

const boundsJson = (b: PlatformBounds): string => JSON.stringify({ ...b, minSplitFloor: b.minSplitFloor.toString() });
const rulesJson = (r: CreditPassingRules): string => JSON.stringify({ ...r, minSplit: r.minSplit.toString() });

export class FabricRules implements RulesPort {
  constructor(private readonly cc: Chaincode) {}

  setBounds(operator: Account, bounds: PlatformBounds): Promise<Receipt> {
    return this.cc.send(operator, "Rules:setBounds", boundsJson(bounds));
  }

  setRules(core: Account, rules: CreditPassingRules): Promise<Receipt> {
    return this.cc.send(core, "Rules:setRules", rulesJson(rules));
  }

  setWhitelisted(core: Account, suppliers: Account[], listed: boolean): Promise<Receipt> {
    return this.cc.send(core, "Rules:setWhitelisted", list(suppliers), String(listed));
  }

  setEligibleBanks(core: Account, banks: Account[], eligible: boolean): Promise<Receipt> {
    return this.cc.send(core, "Rules:setEligibleBanks", list(banks), String(eligible));
  }

  async bounds(): Promise<PlatformBounds> {
    return recordFrom(await this.cc.json("Rules:bounds")) as unknown as PlatformBounds;
  }

  async rulesOf(core: Account): Promise<CreditPassingRules> {
    return recordFrom(await this.cc.json("Rules:rulesOf", core)) as unknown as CreditPassingRules;
  }

  mayReceive(core: Account, supplier: Account): Promise<boolean> {
    return this.cc.flag("Rules:mayReceive", core, supplier);
  }

  mayFinance(core: Account, bank: Account): Promise<boolean> {
    return this.cc.flag("Rules:mayFinance", core, bank);
  }
}
