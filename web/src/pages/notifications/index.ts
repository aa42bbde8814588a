import { lazy } from "react";
import type { PageRoute } from "../route";

export const notificationsPages: PageRoute[] = [
  {
    path: "notifications",
    label: "notifications.menu",
    visible: (a) => a.can("GET /notifications"),
    page: lazy(() => import("./NotificationsPage").then((m) => ({ default: m.NotificationsPage }))),
  },
];
