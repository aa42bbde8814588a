import { lazyPage, type PageRoute } from "../route";

export const reportsPages: PageRoute[] = [
  {
    path: "reports",
    label: "reports.menu",
    visible: (a) => a.can("GET /reports/outstanding"),
    page: lazyPage(() => import("./ReportsPage").then((m) => m.ReportsPage)),
  },
];
