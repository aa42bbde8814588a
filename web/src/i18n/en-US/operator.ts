import type { Catalogue } from "../keys";

export const operator = {
  "operator.menu": "Operations",
} satisfies Catalogue<"operator">;
