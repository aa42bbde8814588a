/**
 * 待我审批: the actions makers of my organisation proposed, which a checker approves or rejects. A maker sees
 * them too, to follow their own; only a checker who is not the action's maker gets the buttons enabled.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Input, Modal, Segmented, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { CursorTable } from "../../components/CursorTable";
import { useApprovalDecision, type Approval } from "../../components/money/approval-decision";
import { PayloadView } from "../../components/PayloadView";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { isMessageKey } from "../../i18n/catalogues";

type Status = NonNullable<NonNullable<paths["/approvals"]["get"]["parameters"]["query"]>["status"]>;

const STATUSES: Status[] = ["pending", "approved", "rejected", "failed"];

export function ApprovalsPage() {
  const t = useT();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status>("pending");
  const [rejecting, setRejecting] = useState<Approval>();
  const [note, setNote] = useState("");
  const decided = () => queries.invalidateQueries({ queryKey: ["approvals"] });
  const { approve, whyNot, approveButton } = useApprovalDecision();
  const reject = useMutation({
    mutationFn: ({ a, note }: { a: Approval; note: string }) =>
      unwrap(api.POST("/approvals/{id}/reject", { params: { path: { id: a.id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { note } })),
    onSuccess: () => {
      void message.success(t("approvals.rejected"));
      setRejecting(undefined);
      setNote("");
      void decided();
    },
  });
  const known = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  const kindLabel = (kind: string) => known(`approvals.kind.${kind}`, kind);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("approvals.title")}</Typography.Title>
      <Segmented<Status>
        aria-label={t("common.status")}
        value={status}
        onChange={setStatus}
        options={STATUSES.map((s) => ({ value: s, label: t(`approvals.status.${s}`) }))}
      />
      <ProblemAlert error={approve.error ?? undefined} />
      <CursorTable<Approval>
        rowKey="id"
        queryKey={["approvals", status]}
        fetchPage={(cursor) => unwrap(api.GET("/approvals", { params: { query: { status, cursor, limit: 20 } } }))}
        locale={{ emptyText: t("approvals.empty") }}
        columns={[
          { title: t("approvals.kind"), dataIndex: "kind", render: (k: string) => <Tag>{kindLabel(k)}</Tag> },
          { title: t("approvals.proposal"), dataIndex: "payload", render: (p: unknown, a: Approval) => <PayloadView payload={p} kind={a.kind} /> },
          { title: t("common.createdAt"), dataIndex: "createdAt", render: formatTime },
          { title: t("common.status"), dataIndex: "status", render: (s: Status) => t(`approvals.status.${s}`) },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, a: Approval) =>
              a.status === "pending" && (
                <Space>
                  {approveButton(a)}
                  <Button danger disabled={whyNot(a) !== undefined} onClick={() => setRejecting(a)}>
                    {t("common.reject")}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={rejecting !== undefined}
        title={t("approvals.rejectTitle")}
        okText={t("common.reject")}
        okButtonProps={{ danger: true, disabled: note.trim() === "", loading: reject.isPending }}
        cancelText={t("common.cancel")}
        onCancel={() => setRejecting(undefined)}
        onOk={() => rejecting && reject.mutate({ a: rejecting, note: note.trim() })}
      >
        <Space orientation="vertical" style={{ width: "100%" }}>
          <label htmlFor="reject-note">{t("common.reason")}</label>
          <Input.TextArea id="reject-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          <ProblemAlert error={reject.error ?? undefined} />
        </Space>
      </Modal>
    </Space>
  );
}
