import { lazyPage, type PageRoute } from "../route";

export const alertsPages: PageRoute[] = [
  {
    path: "alerts",
    label: "alerts.menu",
    visible: (a) => a.can("GET /alerts"),
    page: lazyPage(() => import("./AlertsPage").then((m) => m.AlertsPage)),
  },
];
