import type { PageRoute } from "../route";

export const notificationsPages: PageRoute[] = [];
