/**
 * The gateway providers: the business registry and the invoice verifier over JSON HTTP (the wire format is in
 * README, "Government data"). A 404 from the registry means no such enterprise; any other answer that is not a
 * 200 of the documented shape means the gateway could not answer, never "refused".
 */
import { z } from "zod";
import { TAX_CREDIT_GRADES, type BusinessRegistry, type RegistryRecord } from "./business-registry";
import { GatewayClient, type GatewayOptions } from "./gateway-client";
import type { InvoiceQuery, InvoiceVerdict, InvoiceVerifier } from "./invoice-verifier";
import { VerifierUnavailableError } from "./verifier-unavailable";

const fen = z.string().regex(/^\d{1,20}$/).transform(BigInt);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const EnterpriseAnswer = z.object({
  uscc: z.string(),
  name: z.string().min(1),
  legalRepresentative: z.string(),
  registeredCapitalFen: fen,
  establishedOn: day,
  status: z.enum(["active", "revoked", "cancelled"]),
  taxCreditGrade: z.enum(TAX_CREDIT_GRADES).optional(),
});

const InvoiceAnswer = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("not-found") }),
  z.object({ outcome: z.enum(["valid", "void", "red-flushed"]), sellerUscc: z.string(), buyerUscc: z.string() }),
]);

function shaped<T extends z.ZodType>(name: string, schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new VerifierUnavailableError(name, `answer not in the documented shape: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return parsed.data;
}

export class GatewayBusinessRegistry implements BusinessRegistry {
  private readonly client: GatewayClient;

  constructor(options: GatewayOptions) {
    this.client = new GatewayClient("business registry", options);
  }

  get circuit() {
    return this.client.circuit;
  }

  async lookUp(uscc: string): Promise<RegistryRecord | undefined> {
    const answer = await this.client.request("GET", `enterprises/${encodeURIComponent(uscc)}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new VerifierUnavailableError("business registry", `HTTP ${answer.status}`);
    const e = shaped("business registry", EnterpriseAnswer, answer.body);
    return { uscc: e.uscc, name: e.name, legalRepresentative: e.legalRepresentative, registeredCapital: e.registeredCapitalFen, establishedOn: e.establishedOn, status: e.status, ...(e.taxCreditGrade ? { taxCreditGrade: e.taxCreditGrade } : {}) };
  }
}

export class GatewayInvoiceVerifier implements InvoiceVerifier {
  private readonly client: GatewayClient;

  constructor(options: GatewayOptions) {
    this.client = new GatewayClient("invoice verifier", options);
  }

  get circuit() {
    return this.client.circuit;
  }

  async verify(q: InvoiceQuery): Promise<InvoiceVerdict> {
    // The claimed parties stay here: the gateway answers what the tax bureau holds.
    const answer = await this.client.request("POST", "invoices/verify", {
      code: q.code ?? null,
      number: q.number,
      issueDate: q.issueDate,
      amountBeforeTaxFen: q.amountBeforeTax.toString(),
      checkCode: q.checkCode ?? null,
    });
    if (answer.status !== 200) throw new VerifierUnavailableError("invoice verifier", `HTTP ${answer.status}`);
    return shaped("invoice verifier", InvoiceAnswer, answer.body);
  }
}
