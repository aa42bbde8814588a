/**
 * 文件: my organisation's documents (all organisations' for the regulator), each with its commitment and whether
 * the ledger holds it; upload one (encrypted under my organisation's key, its commitment put on the ledger) and
 * download one (opened and checked against its commitment by the API).
 */
import { useMutation } from "@tanstack/react-query";
import { Button, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { downloadDocument, formatSize } from "./document-content";
import type { DocumentRecord } from "./types";
import { UploadDocumentModal } from "./UploadDocumentModal";

export const DOCUMENTS_KEY = ["documents"];

/** Whether the ledger names the document's organisation as the owner of its commitment, as the list reports it. */
function LedgerTag({ onLedger }: { onLedger: boolean }) {
  const t = useT();
  return onLedger ? <Tag color="green">{t("privacy.documents.onLedger")}</Tag> : <Tag color="red">{t("privacy.documents.notOnLedger")}</Tag>;
}

export function DocumentsPage() {
  const t = useT();
  const access = useAccess();
  const [uploading, setUploading] = useState(false);
  const download = useMutation({ mutationFn: downloadDocument });
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("privacy.documents.title")}</Typography.Title>
      <Typography.Paragraph>{t("privacy.documents.intro")}</Typography.Paragraph>
      {access.can("POST /documents") && (
        <Button type="primary" onClick={() => setUploading(true)} style={{ alignSelf: "flex-start" }}>
          {t("privacy.documents.upload")}
        </Button>
      )}
      <ProblemAlert error={download.error ?? undefined} />
      <CursorTable<DocumentRecord>
        aria-label={t("privacy.documents.title")}
        rowKey="id"
        queryKey={DOCUMENTS_KEY}
        fetchPage={(cursor) => unwrap(api.GET("/documents", { params: { query: { cursor, limit: 20 } } }))}
        locale={{ emptyText: t("privacy.documents.empty") }}
        columns={[
          // Only the regulator sees other organisations' documents, so only its list says whose each one is.
          ...(access.me.organisation.kinds.includes("regulator")
            ? [{ title: t("privacy.documents.organisation"), key: "organisation", render: (_: unknown, d: DocumentRecord) => d.organisation.name ?? d.organisation.account }]
            : []),
          { title: t("privacy.documents.kind"), dataIndex: "kind", render: (k: DocumentRecord["kind"]) => <Tag>{t(`privacy.documents.kind.${k}`)}</Tag> },
          {
            title: t("privacy.documents.name"),
            dataIndex: "name",
            render: (name: string, d: DocumentRecord) => (
              <Space orientation="vertical" size={0}>
                <span>{name}</span>
                {d.invoiceId && <Typography.Text type="secondary">{t("privacy.documents.linked")}</Typography.Text>}
              </Space>
            ),
          },
          { title: t("privacy.documents.size"), dataIndex: "size", align: "right", render: formatSize },
          {
            title: t("privacy.documents.commitment"),
            dataIndex: "commitment",
            render: (c: string) => (
              <Typography.Text code copyable={{ text: c }} title={c}>
                {`${c.slice(0, 10)}…${c.slice(-6)}`}
              </Typography.Text>
            ),
          },
          { title: t("privacy.documents.ledger"), dataIndex: "onLedger", render: (onLedger: boolean) => <LedgerTag onLedger={onLedger} /> },
          { title: t("privacy.documents.uploadedAt"), dataIndex: "createdAt", render: formatTime },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, d: DocumentRecord) => (
              <Button
                size="small"
                autoInsertSpace={false}
                aria-label={t("privacy.documents.downloadOf", { name: d.name })}
                loading={download.isPending && download.variables === d.id}
                onClick={() => download.mutate(d.id)}
              >
                {t("privacy.documents.download")}
              </Button>
            ),
          },
        ]}
      />
      <UploadDocumentModal open={uploading} onClose={() => setUploading(false)} />
    </Space>
  );
}
