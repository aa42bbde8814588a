import { lazyPage, type PageRoute } from "../route";

export const creditLinesPages: PageRoute[] = [
  {
    path: "credit-lines",
    label: "creditLines.menu",
    visible: (a) => a.can("GET /credit-lines"),
    page: lazyPage(() => import("./CreditLinesPage").then((m) => m.CreditLinesPage)),
  },
];
