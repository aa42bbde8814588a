import type { Catalogue } from "../keys";

export const cash = {
  "cash.menu": "Cash",
} satisfies Catalogue<"cash">;
