import type { Catalogue } from "../keys";

export const programs = {
  "programs.menu": "Credit-passing rules",
} satisfies Catalogue<"programs">;
