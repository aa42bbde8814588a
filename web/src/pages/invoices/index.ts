import { lazyPage, type PageRoute } from "../route";

export const invoicesPages: PageRoute[] = [
  {
    path: "invoices",
    label: "invoices.menu",
    visible: (a) => a.can("POST /invoices") || a.can("POST /invoices/{id}/confirm"),
    page: lazyPage(() => import("./InvoicesPage").then((m) => m.InvoicesPage)),
  },
];
