import { lazy } from "react";
import type { PageRoute } from "../route";

export const regulatorPages: PageRoute[] = [
  {
    path: "regulator/dashboard",
    label: "regulator.dashboard.menu",
    visible: (a) => a.can("GET /reports/tier-reach") && a.can("GET /audit/reconciliation"),
    page: lazy(() => import("./DashboardPage").then((m) => ({ default: m.DashboardPage }))),
  },
  {
    path: "regulator/graph",
    label: "regulator.graph.menu",
    visible: (a) => a.can("GET /audit/vouchers/{id}/trace"),
    page: lazy(() => import("./VoucherGraphPage").then((m) => ({ default: m.VoucherGraphPage }))),
  },
  {
    path: "regulator/reconciliation",
    label: "regulator.reconciliation.menu",
    visible: (a) => a.can("GET /audit/reconciliation"),
    page: lazy(() => import("./ReconciliationPage").then((m) => ({ default: m.ReconciliationPage }))),
  },
  {
    path: "regulator/audit",
    label: "regulator.audit.menu",
    visible: (a) => a.can("GET /audit/log/verify"),
    page: lazy(() => import("./AuditPage").then((m) => ({ default: m.AuditPage }))),
  },
];
