import type { Catalogue } from "../keys";

export const financing = {
  "financing.menu": "Financing",
} satisfies Catalogue<"financing">;
