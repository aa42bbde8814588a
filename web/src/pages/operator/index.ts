import { lazyPage, type PageRoute } from "../route";

export const operatorPages: PageRoute[] = [
  {
    path: "operator/applications",
    label: "operator.applications.menu",
    visible: (a) => a.can("GET /applications"),
    page: lazyPage(() => import("./ApplicationsPage").then((m) => m.ApplicationsPage)),
  },
  {
    path: "operator/orgs",
    // The directory is the operator's and the regulator's desk: those who review applications or may read the audit.
    label: "operator.orgs.menu",
    visible: (a) => a.can("GET /applications") || a.can("GET /audit/reconciliation"),
    page: lazyPage(() => import("./OrganisationsPage").then((m) => m.OrganisationsPage)),
  },
  {
    path: "operator/settings",
    label: "operator.settings.menu",
    visible: (a) => a.can("GET /applications"),
    page: lazyPage(() => import("./PlatformSettingsPage").then((m) => m.PlatformSettingsPage)),
  },
];
