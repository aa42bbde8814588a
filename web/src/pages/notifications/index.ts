import { lazyPage, type PageRoute } from "../route";

export const notificationsPages: PageRoute[] = [
  {
    path: "notifications",
    label: "notifications.menu",
    visible: (a) => a.can("GET /notifications"),
    page: lazyPage(() => import("./NotificationsPage").then((m) => m.NotificationsPage)),
  },
];
