import { lazy } from "react";
import type { PageRoute } from "../route";

export const cashPages: PageRoute[] = [
  {
    path: "cash",
    label: "cash.menu",
    visible: (a) => a.can("GET /cash/balance"),
    page: lazy(() => import("./CashPage").then((m) => ({ default: m.CashPage }))),
  },
];
