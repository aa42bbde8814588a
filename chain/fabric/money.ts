/** Credit lines, invoices and settlement cash on the chaincode. */
import { checksum } from "../evm/codec";
import type { Account, Bytes32, CashPort, CreditLine, CreditLinesPort, Fen, Invoice, InvoicesPort, Receipt } from "../ledger";
import { seconds, type Chaincode } from "./chaincode";
import { recordFrom } from "./codec";

export class FabricCreditLines implements CreditLinesPort {
  constructor(private readonly cc: Chaincode) {}

  grant(bank: Account, core: Account, limit: Fen, expiry: Date): Promise<Receipt> {
    return this.cc.send(bank, "CreditLines:grant", core, limit.toString(), seconds(expiry));
  }

  amend(bank: Account, core: Account, limit: Fen, expiry: Date): Promise<Receipt> {
    return this.cc.send(bank, "CreditLines:amend", core, limit.toString(), seconds(expiry));
  }

  close(bank: Account, core: Account): Promise<Receipt> {
    return this.cc.send(bank, "CreditLines:close", core);
  }

  closeExpired(caller: Account, bank: Account, core: Account): Promise<Receipt> {
    return this.cc.send(caller, "CreditLines:closeExpired", bank, core);
  }

  async get(bank: Account, core: Account): Promise<CreditLine> {
    const l = recordFrom(await this.cc.json("CreditLines:get", bank, core));
    return { bank: l.bank, core: l.core, limit: l.limit, used: l.used, expiry: l.expiry, open: l.open } as CreditLine;
  }

  available(bank: Account, core: Account): Promise<Fen> {
    return this.cc.fen("CreditLines:available", bank, core);
  }

  openLimitOf(core: Account): Promise<Fen> {
    return this.cc.fen("CreditLines:openLimitOf", core);
  }
}

export class FabricInvoices implements InvoicesPort {
  constructor(private readonly cc: Chaincode) {}

  register(seller: Account, i: { key: Bytes32; buyer: Account; amount: Fen; commitment: Bytes32 }): Promise<Receipt> {
    return this.cc.send(seller, "Invoices:register", i.key, i.buyer, i.amount.toString(), i.commitment);
  }

  confirm(buyer: Account, key: Bytes32): Promise<Receipt> {
    return this.cc.send(buyer, "Invoices:confirm", key);
  }

  async get(key: Bytes32): Promise<Invoice | undefined> {
    const raw = await this.cc.json<Record<string, unknown> | null>("Invoices:get", key);
    if (raw === null) return undefined;
    const i = recordFrom(raw);
    return { key: i.key, seller: i.seller, buyer: i.buyer, amount: i.amount, used: i.used, confirmed: i.confirmed, commitment: i.commitment } as Invoice;
  }
}

export class FabricCash implements CashPort {
  constructor(private readonly cc: Chaincode) {}

  designateSettlementBank(regulator: Account, bank: Account): Promise<Receipt> {
    return this.cc.send(regulator, "Cash:designateSettlementBank", bank);
  }

  async settlementBank(): Promise<Account | undefined> {
    const bank = await this.cc.text("Cash:settlementBank");
    return bank === "" ? undefined : checksum(bank);
  }

  mint(bank: Account, to: Account, amount: Fen, ref: Bytes32): Promise<Receipt> {
    return this.cc.send(bank, "Cash:mint", to, amount.toString(), ref);
  }

  burn(bank: Account, from: Account, amount: Fen, ref: Bytes32): Promise<Receipt> {
    return this.cc.send(bank, "Cash:burn", from, amount.toString(), ref);
  }

  approve(owner: Account, spender: Account, amount: Fen): Promise<Receipt> {
    return this.cc.send(owner, "Cash:approve", spender, amount.toString());
  }

  allowance(owner: Account, spender: Account): Promise<Fen> {
    return this.cc.fen("Cash:allowance", owner, spender);
  }

  balanceOf(account: Account): Promise<Fen> {
    return this.cc.fen("Cash:balanceOf", account);
  }

  totalSupply(): Promise<Fen> {
    return this.cc.fen("Cash:totalSupply");
  }
}
