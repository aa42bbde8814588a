import { lazyPage, type PageRoute } from "../route";

export const receiptsPages: PageRoute[] = [
  {
    path: "receipts",
    label: "receipts.menu",
    visible: (a) => a.can("GET /receipts"),
    page: lazyPage(() => import("./ReceiptsPage").then((m) => m.ReceiptsPage)),
  },
  {
    path: "receipts/:id",
    label: "receipts.menu",
    inMenu: false,
    visible: (a) => a.can("GET /receipts/{id}"),
    page: lazyPage(() => import("./ReceiptDetailPage").then((m) => m.ReceiptDetailPage)),
  },
];
