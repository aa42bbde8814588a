import type { Account, CreditPassingRules, PlatformBounds, Receipt, RulesPort } from "../../ledger";
import type { creditPassingRulesAbi } from "../abi/CreditPassingRules";
import type { ContractClient } from "../contract-client";

export class RulesContract implements RulesPort {
  constructor(private readonly c: ContractClient<typeof creditPassingRulesAbi>) {}

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
    const [b] = await this.c.read("bounds");
    return {
      maxDepth: Number(b.maxDepth),
      maxTermDays: Number(b.maxTermDays),
      minSplitFloor: b.minSplitFloor,
      invoicesMandatory: b.invoicesMandatory,
      coverageMandatory: b.coverageMandatory,
    };
  }

  async rulesOf(core: Account): Promise<CreditPassingRules> {
    const [r] = await this.c.read("rulesOf", [core]);
    return {
      maxDepth: Number(r.maxDepth),
      maxTermDays: Number(r.maxTermDays),
      minSplit: r.minSplit,
      invoicesRequired: r.invoicesRequired,
      whitelistOnly: r.whitelistOnly,
      banksRestricted: r.banksRestricted,
      issuanceCoveredByCredit: r.issuanceCoveredByCredit,
    };
  }

  async mayReceive(core: Account, supplier: Account): Promise<boolean> {
    return (await this.c.read("mayReceive", [core, supplier]))[0];
  }

  async mayFinance(core: Account, bank: Account): Promise<boolean> {
    return (await this.c.read("mayFinance", [core, bank]))[0];
  }
}
