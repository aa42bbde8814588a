import { lazy } from "react";
import type { PageRoute } from "../route";

export const approvalsPages: PageRoute[] = [
  {
    path: "approvals",
    label: "approvals.menu",
    visible: (a) => a.can("GET /approvals"),
    page: lazy(() => import("./ApprovalsPage").then((m) => ({ default: m.ApprovalsPage }))),
  },
];
