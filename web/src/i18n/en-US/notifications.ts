import type { Catalogue } from "../keys";

export const notifications = {
  "notifications.menu": "Notifications",
} satisfies Catalogue<"notifications">;
