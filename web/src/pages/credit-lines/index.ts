import { lazy } from "react";
import type { PageRoute } from "../route";

export const creditLinesPages: PageRoute[] = [
  {
    path: "credit-lines",
    label: "creditLines.menu",
    visible: (a) => a.can("GET /credit-lines"),
    page: lazy(() => import("./CreditLinesPage").then((m) => ({ default: m.CreditLinesPage }))),
  },
];
