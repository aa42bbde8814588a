import { lazyPage, type PageRoute } from "../route";

export const pledgesPages: PageRoute[] = [
  {
    path: "pledges",
    label: "pledges.menu",
    visible: (a) => a.can("GET /pledges"),
    page: lazyPage(() => import("./PledgesPage").then((m) => m.PledgesPage)),
  },
  {
    path: "pledges/:id",
    label: "pledges.menu",
    inMenu: false,
    visible: (a) => a.can("GET /pledges/{id}"),
    page: lazyPage(() => import("./PledgeDetailPage").then((m) => m.PledgeDetailPage)),
  },
];
