/**
 * Applications to join the platform. The server refuses a USCC that fails the GB 32100-2015 check character when
 * the application is filed, so every listed one has passed it: the tag says so next to the code. A checker of the
 * operator approves (the organisation is registered on the ledger) or rejects with a note the applicant reads.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Input, Modal, Segmented, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { KindTags } from "./KindTags";

type Application = paths["/applications"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Status = Application["status"];

const STATUSES: Status[] = ["pending", "approving", "approved", "rejected"];

export function ApplicationsPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status>("pending");
  const [rejecting, setRejecting] = useState<Application>();
  const [note, setNote] = useState("");
  const decided = () => queries.invalidateQueries({ queryKey: ["applications"] });
  const approve = useMutation({
    mutationFn: (a: Application) =>
      unwrap(api.POST("/applications/{id}/approve", { params: { path: { id: a.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: (r) => {
      void message.success(t("operator.applications.approvedMessage", { name: r.application.name }));
      void decided();
      void queries.invalidateQueries({ queryKey: ["orgs"] });
    },
  });
  const reject = useMutation({
    mutationFn: ({ a, note }: { a: Application; note: string }) =>
      unwrap(api.POST("/applications/{id}/reject", { params: { path: { id: a.id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { note } })),
    onSuccess: () => {
      void message.success(t("operator.applications.rejectedMessage"));
      setRejecting(undefined);
      setNote("");
      void decided();
    },
  });
  const mayDecide = access.can("POST /applications/{id}/approve");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("operator.applications.title")}</Typography.Title>
      <Segmented<Status>
        aria-label={t("common.status")}
        value={status}
        onChange={setStatus}
        options={STATUSES.map((s) => ({ value: s, label: t(`operator.applications.status.${s}`) }))}
      />
      <ProblemAlert error={approve.error ?? undefined} />
      <CursorTable<Application>
        rowKey="id"
        queryKey={["applications", status]}
        fetchPage={(cursor) => unwrap(api.GET("/applications", { params: { query: { status, cursor, limit: 20 } } }))}
        locale={{ emptyText: t("operator.applications.empty") }}
        columns={[
          {
            title: t("operator.org.name"),
            dataIndex: "name",
            render: (name: string, a) => (
              <Space orientation="vertical" size={0}>
                <span>{name}</span>
                {a.nameEn && <Typography.Text type="secondary">{a.nameEn}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t("operator.org.uscc"),
            dataIndex: "uscc",
            render: (uscc: string) => (
              <Space>
                <code>{uscc}</code>
                <Tag color="green">{t("operator.applications.usccValid")}</Tag>
              </Space>
            ),
          },
          { title: t("operator.org.kinds"), dataIndex: "kinds", render: (k: string[]) => <KindTags kinds={k} /> },
          { title: t("operator.applications.admin"), dataIndex: "admin", render: (a: Application["admin"]) => `${a.name} <${a.email}>` },
          { title: t("common.createdAt"), dataIndex: "createdAt", render: formatTime },
          { title: t("common.status"), dataIndex: "status", render: (s: Status) => t(`operator.applications.status.${s}`) },
          { title: t("operator.applications.note"), dataIndex: "reviewNote", render: (n: string | null) => n ?? "—" },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, a: Application) =>
              a.status === "pending" &&
              mayDecide && (
                <Space>
                  <Button
                    type="primary"
                    autoInsertSpace={false}
                    aria-label={t("operator.applications.approveOf", { name: a.name })}
                    loading={approve.isPending && approve.variables.id === a.id}
                    onClick={() => approve.mutate(a)}
                  >
                    {t("common.approve")}
                  </Button>
                  <Button danger autoInsertSpace={false} aria-label={t("operator.applications.rejectOf", { name: a.name })} onClick={() => setRejecting(a)}>
                    {t("common.reject")}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={rejecting !== undefined}
        title={t("operator.applications.rejectTitle", { name: rejecting?.name ?? "" })}
        okText={t("common.reject")}
        okButtonProps={{ danger: true, disabled: note.trim() === "", loading: reject.isPending }}
        cancelText={t("common.cancel")}
        onCancel={() => setRejecting(undefined)}
        onOk={() => rejecting && reject.mutate({ a: rejecting, note: note.trim() })}
      >
        <Space orientation="vertical" style={{ width: "100%" }}>
          <label htmlFor="application-reject-note">{t("common.reason")}</label>
          <Input.TextArea id="application-reject-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          <ProblemAlert error={reject.error ?? undefined} />
        </Space>
      </Modal>
    </Space>
  );
}
