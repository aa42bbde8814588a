import { lazy } from "react";
import type { PageRoute } from "../route";

export const settlementPages: PageRoute[] = [
  {
    path: "settlement",
    label: "settlement.menu",
    visible: (a) => a.can("GET /settlements"),
    page: lazy(() => import("./SettlementPage").then((m) => ({ default: m.SettlementPage }))),
  },
];
