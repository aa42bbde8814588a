/**
 * The number of my organisation's unread notifications, for the header: a link to the notifications page with a
 * badge, read out as "3 条未读消息". Nothing is shown to a user who may not read notifications.
 */
import { BellOutlined } from "@ant-design/icons";
import { Badge } from "antd";
import { Link } from "react-router";
import { useAccess } from "../../auth/session-context";
import { useT } from "../../i18n/language";
import { useUnreadCount } from "./unread";

export function UnreadBadge() {
  const t = useT();
  const may = useAccess().can("GET /notifications/unread-count");
  const unread = useUnreadCount(may);
  if (!may) return null;
  const count = unread.data ?? 0;
  return (
    <Link to="/notifications" aria-label={t("notifications.unreadBadge", { count })} title={t("notifications.unreadBadge", { count })}>
      <Badge count={count} size="small">
        <BellOutlined style={{ fontSize: 18 }} aria-hidden />
      </Badge>
    </Link>
  );
}
