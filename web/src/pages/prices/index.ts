import { lazyPage, type PageRoute } from "../route";

export const pricesPages: PageRoute[] = [
  {
    path: "prices",
    label: "prices.menu",
    visible: (a) => a.can("GET /prices"),
    page: lazyPage(() => import("./PricesPage").then((m) => m.PricesPage)),
  },
];
