import type { Catalogue } from "../keys";

export const regulator = {
  "regulator.menu": "Supervision",
} satisfies Catalogue<"regulator">;
