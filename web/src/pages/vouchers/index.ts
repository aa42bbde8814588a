import { lazy } from "react";
import type { PageRoute } from "../route";

export const vouchersPages: PageRoute[] = [
  {
    path: "vouchers",
    label: "vouchers.menu",
    visible: (a) => a.can("GET /vouchers"),
    page: lazy(() => import("./VouchersPage").then((m) => ({ default: m.VouchersPage }))),
  },
  {
    path: "vouchers/:id",
    label: "vouchers.menu",
    inMenu: false,
    visible: (a) => a.can("GET /vouchers/{id}"),
    page: lazy(() => import("./VoucherDetailPage").then((m) => ({ default: m.VoucherDetailPage }))),
  },
];
