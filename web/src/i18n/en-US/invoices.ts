import type { Catalogue } from "../keys";

export const invoices = {
  "invoices.menu": "Invoices",
} satisfies Catalogue<"invoices">;
