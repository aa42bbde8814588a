import type { Catalogue } from "../keys";

export const reports = {
  "reports.menu": "Reports",
} satisfies Catalogue<"reports">;
