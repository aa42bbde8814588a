/**
 * The proposals of one kind still waiting for a checker, next to the page where they were made: a bank's checker
 * approves a credit line or a payout where it reads the line or the request, without a detour to the inbox. The
 * inbox (待我审批) lists the same actions; approving in either place is the same POST /approvals/{id}/approve.
 */
import { useQuery } from "@tanstack/react-query";
import { Space, Table, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import type { MessageKey } from "../../i18n/keys";
import { PayloadView } from "../PayloadView";
import { ProblemAlert } from "../ProblemAlert";
import { useApprovalDecision, type Approval } from "./approval-decision";

type Kind = NonNullable<NonNullable<paths["/approvals"]["get"]["parameters"]["query"]>["kind"]>;

interface Props {
  /** The action kind, as GET /approvals filters it ("creditLine.grant"). */
  kinds: Kind[];
  title: MessageKey;
  /** Only the proposals about this object (a payout's request id), when the page is about one. */
  about?: (payload: unknown) => boolean;
}

export function PendingActions({ kinds, title, about }: Props) {
  const t = useT();
  const access = useAccess();
  const { approve, approveButton } = useApprovalDecision();
  const pending = useQuery({
    queryKey: ["approvals", "pending", ...kinds],
    queryFn: async () => {
      const pages = await Promise.all(
        kinds.map((kind) => unwrap(api.GET("/approvals", { params: { query: { status: "pending", kind, limit: 100 } } }))),
      );
      return pages.flatMap((p) => p.items).filter((a) => !about || about(a.payload));
    },
  });
  if (!access.can("GET /approvals") || !pending.data || pending.data.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t(title)}</Typography.Title>
      <ProblemAlert error={approve.error ?? undefined} />
      <Table<Approval>
        rowKey="id"
        aria-label={t(title)}
        dataSource={pending.data}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          { title: t("approvals.proposal"), dataIndex: "payload", render: (p: unknown, a: Approval) => <PayloadView payload={p} kind={a.kind} /> },
          { title: t("common.createdAt"), dataIndex: "createdAt", render: formatTime },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, a: Approval) => approveButton(a),
          },
        ]}
      />
    </Space>
  );
}
