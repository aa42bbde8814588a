import { lazyPage, type PageRoute } from "../route";

export const regulatorPages: PageRoute[] = [
  {
    path: "regulator/dashboard",
    label: "regulator.dashboard.menu",
    visible: (a) => a.can("GET /reports/tier-reach") && a.can("GET /audit/reconciliation"),
    page: lazyPage(() => import("./DashboardPage").then((m) => m.DashboardPage)),
  },
  {
    path: "regulator/graph",
    label: "regulator.graph.menu",
    visible: (a) => a.can("GET /audit/vouchers/{id}/trace"),
    page: lazyPage(() => import("./VoucherGraphPage").then((m) => m.VoucherGraphPage)),
  },
  {
    path: "regulator/reconciliation",
    label: "regulator.reconciliation.menu",
    visible: (a) => a.can("GET /audit/reconciliation"),
    page: lazyPage(() => import("./ReconciliationPage").then((m) => m.ReconciliationPage)),
  },
  {
    path: "regulator/audit",
    label: "regulator.audit.menu",
    visible: (a) => a.can("GET /audit/log/verify"),
    page: lazyPage(() => import("./AuditPage").then((m) => m.AuditPage)),
  },
];
