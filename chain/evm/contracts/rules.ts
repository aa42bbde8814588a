import type { Result } from "ethers";
import type { Account, CreditPassingRules, PlatformBounds, Receipt, RulesPort } from "../../ledger";
import type { ContractClient } from "../contract-client";

export class RulesContract implements RulesPort {
  constructor(private readonly c: ContractClient) {}

  async setBounds(operator: Account, b: PlatformBounds): Promise<Receipt> {
    return (await this.c.send(operator, "setBounds", [b])).receipt;
  }

  async setRules(core: Account, r: CreditPassingRules): Promise<Receipt> {
    return (await this.c.send(core, "setRules", [r])).receipt;
  }

  async setWhitelisted(core: Account, suppliers: Account[], listed: boolean): Promise<Receipt> {
    return (await this.c.send(core, "setWhitelisted", [suppliers, listed])).receipt;
  }

  async setEligibleBanks(core: Account, banks: Account[], eligible: boolean): Promise<Receipt> {
    return (await this.c.send(core, "setEligibleBanks", [banks, eligible])).receipt;
  }

  async bounds(): Promise<PlatformBounds> {
    const [b] = (await this.c.read("bounds")) as unknown as [Result];
    return {
      maxDepth: Number(b.maxDepth),
      maxTermDays: Number(b.maxTermDays),
      minSplitFloor: b.minSplitFloor as bigint,
      invoicesMandatory: b.invoicesMandatory as boolean,
      coverageMandatory: b.coverageMandatory as boolean,
    };
  }

  async rulesOf(core: Account): Promise<CreditPassingRules> {
    const [r] = (await this.c.read("rulesOf", [core])) as unknown as [Result];
    return {
      maxDepth: Number(r.maxDepth),
      maxTermDays: Number(r.maxTermDays),
      minSplit: r.minSplit as bigint,
      invoicesRequired: r.invoicesRequired as boolean,
      whitelistOnly: r.whitelistOnly as boolean,
      banksRestricted: r.banksRestricted as boolean,
      issuanceCoveredByCredit: r.issuanceCoveredByCredit as boolean,
    };
  }

  async mayReceive(core: Account, supplier: Account): Promise<boolean> {
    return (await this.c.read("mayReceive", [core, supplier]))[0] as boolean;
  }

  async mayFinance(core: Account, bank: Account): Promise<boolean> {
    return (await this.c.read("mayFinance", [core, bank]))[0] as boolean;
  }
}
