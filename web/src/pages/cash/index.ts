import { lazyPage, type PageRoute } from "../route";

export const cashPages: PageRoute[] = [
  {
    path: "cash",
    label: "cash.menu",
    visible: (a) => a.can("GET /cash/balance"),
    page: lazyPage(() => import("./CashPage").then((m) => m.CashPage)),
  },
];
