import { lazyPage, type PageRoute } from "../route";

export const financingPages: PageRoute[] = [
  {
    path: "financing",
    label: "financing.menu",
    visible: (a) => a.is("supplier") && a.can("GET /financing/requests"),
    page: lazyPage(() => import("./RequestsPage").then((m) => m.RequestsPage)),
  },
  {
    path: "financing/market",
    label: "financing.market.menu",
    visible: (a) => !a.is("supplier") && a.can("GET /financing/requests"),
    page: lazyPage(() => import("./MarketPage").then((m) => m.MarketPage)),
  },
  {
    path: "financing/requests/:id",
    label: "financing.request.menu",
    inMenu: false,
    visible: (a) => a.can("GET /financing/requests/{id}"),
    page: lazyPage(() => import("./RequestPage").then((m) => m.RequestPage)),
  },
];
