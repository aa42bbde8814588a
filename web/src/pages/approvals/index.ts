import { lazyPage, type PageRoute } from "../route";

export const approvalsPages: PageRoute[] = [
  {
    path: "approvals",
    label: "approvals.menu",
    visible: (a) => a.can("GET /approvals"),
    page: lazyPage(() => import("./ApprovalsPage").then((m) => m.ApprovalsPage)),
  },
];
