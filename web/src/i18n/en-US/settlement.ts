import type { Catalogue } from "../keys";

export const settlement = {
  "settlement.menu": "Settlement",
} satisfies Catalogue<"settlement">;
