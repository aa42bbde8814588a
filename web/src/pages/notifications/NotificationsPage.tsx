/**
 * 消息通知: what changed on the ledger for my organisation, newest first: vouchers received, invoices confirmed,
 * financing paid, maturities funded, vouchers redeemed. Read state is the organisation's: marking read marks it
 * for every colleague. "Mark this and older read" keeps anything newer, which arrived after one looked, unread.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Segmented, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { NotificationWhat, type Notification } from "./NotificationWhat";
import { NOTIFICATIONS_KEY, useUnreadCount } from "./unread";

type Filter = "all" | "unread";

export function NotificationsPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>("all");
  const unread = useUnreadCount();
  const mayMark = access.can("POST /notifications/read");
  const markRead = useMutation({
    mutationFn: (throughId: string | undefined) =>
      unwrap(api.POST("/notifications/read", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: throughId ? { throughId } : {} })),
    onSuccess: (r) => {
      void message.success(t("notifications.marked", { count: r.marked }));
      void queries.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("notifications.title")}</Typography.Title>
      <Space wrap>
        <Segmented<Filter>
          aria-label={t("notifications.filter")}
          value={filter}
          onChange={setFilter}
          options={[
            { value: "all", label: t("notifications.filter.all") },
            { value: "unread", label: `${t("notifications.filter.unread")} (${String(unread.data ?? 0)})` },
          ]}
        />
        <Button disabled={!mayMark || !unread.data} loading={markRead.isPending && markRead.variables === undefined} onClick={() => markRead.mutate(undefined)}>
          {t("notifications.markAllRead")}
        </Button>
      </Space>
      <ProblemAlert error={markRead.error ?? undefined} />
      <CursorTable<Notification>
        aria-label={t("notifications.title")}
        rowKey="id"
        queryKey={[...NOTIFICATIONS_KEY, "list", filter]}
        fetchPage={(cursor) => unwrap(api.GET("/notifications", { params: { query: { cursor, limit: 20, ...(filter === "unread" && { unread: "true" }) } } }))}
        locale={{ emptyText: t(filter === "unread" ? "notifications.emptyUnread" : "notifications.empty") }}
        columns={[
          {
            title: t("notifications.type"),
            dataIndex: "type",
            render: (type: Notification["type"], n: Notification) => (
              <Space>
                {n.readAt === null && <Tag color="blue">{t("notifications.unread")}</Tag>}
                <Typography.Text strong={n.readAt === null}>{t(`notifications.type.${type}`)}</Typography.Text>
              </Space>
            ),
          },
          { title: t("notifications.what"), dataIndex: "data", render: (d: Notification["data"]) => <NotificationWhat data={d} /> },
          { title: t("notifications.when"), dataIndex: "createdAt", render: formatTime },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, n: Notification) =>
              n.readAt === null ? (
                <Button size="small" disabled={!mayMark} loading={markRead.isPending && markRead.variables === n.id} onClick={() => markRead.mutate(n.id)}>
                  {t("notifications.markReadThrough")}
                </Button>
              ) : (
                // Plain text: antd's secondary grey is below WCAG's contrast on white.
                <span>{t("notifications.read")}</span>
              ),
          },
        ]}
      />
    </Space>
  );
}
