import { lazy } from "react";
import type { PageRoute } from "../route";

export const operatorPages: PageRoute[] = [
  {
    path: "operator/applications",
    label: "operator.applications.menu",
    visible: (a) => a.can("GET /applications"),
    page: lazy(() => import("./ApplicationsPage").then((m) => ({ default: m.ApplicationsPage }))),
  },
  {
    path: "operator/orgs",
    // The directory is the operator's and the regulator's desk: those who review applications or may read the audit.
    label: "operator.orgs.menu",
    visible: (a) => a.can("GET /applications") || a.can("GET /audit/reconciliation"),
    page: lazy(() => import("./OrganisationsPage").then((m) => ({ default: m.OrganisationsPage }))),
  },
  {
    path: "operator/settings",
    label: "operator.settings.menu",
    visible: (a) => a.can("GET /applications"),
    page: lazy(() => import("./PlatformSettingsPage").then((m) => ({ default: m.PlatformSettingsPage }))),
  },
];
