/**
 * The embedded providers: a sandbox of the business registry and of the tax bureau's invoice verification, read
 * from a dataset (seeds/registry.json by default), so that a laptop, the demo and the tests run with no gateway.
 *
 * Invoices listed in the dataset answer as listed: valid, void (作废), red-flushed (红冲) or not found, and only
 * when the issue date and the amount before tax match (the tax bureau answers "no such invoice" to wrong details).
 * Any other invoice is answered by one rule, because the cast trades with invoices the tests and the demo number
 * as they go: it is valid between the parties its submitter names when both are registered and active in the
 * sandbox registry and were established on or before its issue day; otherwise it is not found. So an invoice
 * naming a revoked, deregistered or unknown enterprise is refused, and one the dataset lists between other
 * parties is refused for its parties. A gateway provider never sends the claimed parties: it answers what the
 * tax bureau holds.
 */
import { canonicalInvoiceId } from "../../../chain/invoice-key";
import type { BusinessRegistry, RegistryRecord } from "./business-registry";
import type { InvoiceQuery, InvoiceVerdict, InvoiceVerifier } from "./invoice-verifier";
import { shippedDataset, type SandboxDataset, type SandboxEnterprise, type SandboxInvoice } from "./sandbox-dataset";

const recordOf = (e: SandboxEnterprise): RegistryRecord => ({
  uscc: e.uscc,
  name: e.name,
  legalRepresentative: e.legalRepresentative,
  registeredCapital: e.registeredCapitalFen,
  establishedOn: e.establishedOn,
  status: e.status,
  ...(e.taxCreditGrade ? { taxCreditGrade: e.taxCreditGrade } : {}),
});

const keyOf = (i: { kind: "vat" | "digital"; code?: string; number: string }) =>
  canonicalInvoiceId(i.kind === "vat" ? { kind: "vat", code: i.code ?? "", number: i.number } : { kind: "digital", number: i.number });

export class EmbeddedBusinessRegistry implements BusinessRegistry {
  private readonly byUscc: Map<string, SandboxEnterprise>;

  constructor(dataset: SandboxDataset = shippedDataset()) {
    this.byUscc = new Map(dataset.enterprises.map((e) => [e.uscc, e]));
  }

  lookUp(uscc: string): Promise<RegistryRecord | undefined> {
    const e = this.byUscc.get(uscc);
    return Promise.resolve(e ? recordOf(e) : undefined);
  }
}

export class EmbeddedInvoiceVerifier implements InvoiceVerifier {
  private readonly byKey: Map<string, SandboxInvoice>;
  private readonly enterprises: Map<string, SandboxEnterprise>;

  constructor(dataset: SandboxDataset = shippedDataset()) {
    this.byKey = new Map(dataset.invoices.map((i) => [keyOf(i), i]));
    this.enterprises = new Map(dataset.enterprises.map((e) => [e.uscc, e]));
  }

  verify(q: InvoiceQuery): Promise<InvoiceVerdict> {
    const listed = this.byKey.get(keyOf({ kind: q.code === undefined ? "digital" : "vat", code: q.code, number: q.number }));
    if (listed) {
      if (listed.outcome === "not-found" || listed.issueDate !== q.issueDate || listed.amountBeforeTaxFen !== q.amountBeforeTax) return Promise.resolve({ outcome: "not-found" });
      return Promise.resolve({ outcome: listed.outcome, sellerUscc: listed.sellerUscc, buyerUscc: listed.buyerUscc });
    }
    const { sellerUscc, buyerUscc } = q.claimed;
    const trading = (uscc: string) => {
      const e = this.enterprises.get(uscc);
      return e?.status === "active" && e.establishedOn <= q.issueDate;
    };
    if (!trading(sellerUscc) || !trading(buyerUscc)) return Promise.resolve({ outcome: "not-found" });
    return Promise.resolve({ outcome: "valid", sellerUscc, buyerUscc });
  }
}
