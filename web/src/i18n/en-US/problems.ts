import type { Catalogue } from "../keys";

export const problems = {
  "problems.menu": "Errors",
} satisfies Catalogue<"problems">;
