import { lazy } from "react";
import type { PageRoute } from "../route";

export const invoicesPages: PageRoute[] = [
  {
    path: "invoices",
    label: "invoices.menu",
    visible: (a) => a.can("POST /invoices") || a.can("POST /invoices/{id}/confirm"),
    page: lazy(() => import("./InvoicesPage").then((m) => ({ default: m.InvoicesPage }))),
  },
];
