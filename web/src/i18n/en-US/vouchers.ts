import type { Catalogue } from "../keys";

export const vouchers = {
  "vouchers.menu": "Vouchers",
} satisfies Catalogue<"vouchers">;
