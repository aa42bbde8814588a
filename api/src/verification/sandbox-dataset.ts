/**
 * The embedded sandbox's data (seeds/registry.json): the fictional cast and other enterprises as the business
 * registry would hold them, and invoices as the tax bureau would, one for every outcome. Checked through zod on
 * load, so that a mistyped entry stops start-up instead of answering wrongly.
 */
import { z } from "zod";
import shipped from "../../../seeds/registry.json";
import { isValidUscc } from "../onboarding/uscc";
import { TAX_CREDIT_GRADES } from "./business-registry";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");
const fen = z.string().regex(/^\d+$/, "must be a whole number of fen").transform(BigInt);
const uscc = z.string().refine(isValidUscc, "must be a valid USCC");

const Enterprise = z.object({
  uscc,
  name: z.string().min(2),
  legalRepresentative: z.string().min(1),
  registeredCapitalFen: fen,
  establishedOn: day,
  status: z.enum(["active", "revoked", "cancelled"]),
  taxCreditGrade: z.enum(TAX_CREDIT_GRADES).optional(),
  note: z.string().optional(),
});

const Invoice = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("not-found"), kind: z.enum(["vat", "digital"]), code: z.string().optional(), number: z.string(), issueDate: day, amountBeforeTaxFen: fen, note: z.string().optional() }),
  z.object({
    outcome: z.enum(["valid", "void", "red-flushed"]),
    kind: z.enum(["vat", "digital"]),
    code: z.string().optional(),
    number: z.string(),
    issueDate: day,
    amountBeforeTaxFen: fen,
    sellerUscc: uscc,
    buyerUscc: uscc,
    note: z.string().optional(),
  }),
]);

export const SandboxDataset = z.object({ enterprises: z.array(Enterprise), invoices: z.array(Invoice) });
export type SandboxDataset = z.infer<typeof SandboxDataset>;
export type SandboxEnterprise = SandboxDataset["enterprises"][number];
export type SandboxInvoice = SandboxDataset["invoices"][number];

let parsed: SandboxDataset | undefined;

/** The dataset shipped in seeds/, parsed once per process. */
export function shippedDataset(): SandboxDataset {
  parsed ??= SandboxDataset.parse(shipped);
  return parsed;
}
