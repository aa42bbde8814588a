import { lazyPage, type PageRoute } from "../route";

export const iotPages: PageRoute[] = [
  {
    path: "iot/devices",
    label: "iot.menu",
    visible: (a) => a.can("GET /iot/devices"),
    page: lazyPage(() => import("./DevicesPage").then((m) => m.DevicesPage)),
  },
  {
    path: "iot/readings/:id/proof",
    label: "iot.proof.menu",
    inMenu: false,
    visible: (a) => a.can("GET /iot/readings/{id}/proof"),
    page: lazyPage(() => import("./ProofPage").then((m) => m.ProofPage)),
  },
];
