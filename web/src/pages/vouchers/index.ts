import { lazyPage, type PageRoute } from "../route";

export const vouchersPages: PageRoute[] = [
  {
    path: "vouchers",
    label: "vouchers.menu",
    visible: (a) => a.can("GET /vouchers"),
    page: lazyPage(() => import("./VouchersPage").then((m) => m.VouchersPage)),
  },
  {
    path: "vouchers/:id",
    label: "vouchers.menu",
    inMenu: false,
    visible: (a) => a.can("GET /vouchers/{id}"),
    page: lazyPage(() => import("./VoucherDetailPage").then((m) => m.VoucherDetailPage)),
  },
];
