import type { Catalogue } from "../keys";

export const creditLines = {
  "creditLines.menu": "Credit lines",
} satisfies Catalogue<"creditLines">;
