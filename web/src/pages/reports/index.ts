import { lazy } from "react";
import type { PageRoute } from "../route";

export const reportsPages: PageRoute[] = [
  {
    path: "reports",
    label: "reports.menu",
    visible: (a) => a.can("GET /reports/outstanding"),
    page: lazy(() => import("./ReportsPage").then((m) => ({ default: m.ReportsPage }))),
  },
];
