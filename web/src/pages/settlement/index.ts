import { lazyPage, type PageRoute } from "../route";

export const settlementPages: PageRoute[] = [
  {
    path: "settlement",
    label: "settlement.menu",
    visible: (a) => a.can("GET /settlements"),
    page: lazyPage(() => import("./SettlementPage").then((m) => m.SettlementPage)),
  },
];
