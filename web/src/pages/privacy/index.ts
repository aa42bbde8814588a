import { lazyPage, type PageRoute } from "../route";

export const privacyPages: PageRoute[] = [
  {
    path: "documents",
    label: "privacy.documents.menu",
    visible: (a) => a.can("GET /documents"),
    page: lazyPage(() => import("./DocumentsPage").then((m) => m.DocumentsPage)),
  },
  {
    path: "disclosures",
    label: "privacy.disclosures.menu",
    visible: (a) => a.can("GET /disclosures"),
    page: lazyPage(() => import("./DisclosuresPage").then((m) => m.DisclosuresPage)),
  },
  {
    path: "risk-data",
    label: "privacy.riskData.menu",
    visible: (a) => a.can("GET /risk-data/consents"),
    page: lazyPage(() => import("./RiskDataPage").then((m) => m.RiskDataPage)),
  },
];
