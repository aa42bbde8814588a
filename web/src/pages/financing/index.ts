import { lazy } from "react";
import type { PageRoute } from "../route";

export const financingPages: PageRoute[] = [
  {
    path: "financing",
    label: "financing.menu",
    visible: (a) => a.is("supplier") && a.can("GET /financing/requests"),
    page: lazy(() => import("./RequestsPage").then((m) => ({ default: m.RequestsPage }))),
  },
  {
    path: "financing/market",
    label: "financing.market.menu",
    visible: (a) => !a.is("supplier") && a.can("GET /financing/requests"),
    page: lazy(() => import("./MarketPage").then((m) => ({ default: m.MarketPage }))),
  },
  {
    path: "financing/requests/:id",
    label: "financing.request.menu",
    inMenu: false,
    visible: (a) => a.can("GET /financing/requests/{id}"),
    page: lazy(() => import("./RequestPage").then((m) => ({ default: m.RequestPage }))),
  },
];
