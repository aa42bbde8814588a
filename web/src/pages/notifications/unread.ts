/** The unread count, one query shared by the page and the header's badge, so marking read updates both. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export const NOTIFICATIONS_KEY = ["notifications"] as const;
const UNREAD_KEY = [...NOTIFICATIONS_KEY, "unread-count"] as const;

/** Asked again every minute: a voucher received while the console is open shows without a reload. */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async () => (await unwrap(api.GET("/notifications/unread-count"))).unread,
    refetchInterval: 60_000,
    enabled,
  });
}
