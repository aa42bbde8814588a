/**
 * The audit log: its hash chain verified by the server (where it broke, if it did, and how many heads the ledger
 * anchored), the entries newest first, and the ledger anchors themselves.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Space, Tabs, Tag, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { CursorTable } from "../../components/CursorTable";
import { Loading } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useAccess } from "../../auth/session-context";
import { useT } from "../../i18n/language";

type Entry = paths["/audit/log"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Anchor = paths["/audit/anchors"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

const short = (hex: string | null) => (hex ? <code title={hex}>{`${hex.slice(0, 10)}…${hex.slice(-6)}`}</code> : "—");

export function AuditPage() {
  const t = useT();
  const access = useAccess();
  const mayVerify = access.can("GET /audit/log/verify");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("regulator.audit.title")}</Typography.Title>
      {mayVerify && <Verification />}
      <Tabs
        items={[
          {
            key: "log",
            label: t("regulator.audit.log"),
            children: (
              <CursorTable<Entry>
                rowKey="seq"
                queryKey={["audit", "log"]}
                fetchPage={(cursor) => unwrap(api.GET("/audit/log", { params: { query: { cursor, limit: 50 } } }))}
                locale={{ emptyText: t("regulator.audit.empty") }}
                columns={[
                  { title: t("regulator.audit.seq"), dataIndex: "seq" },
                  { title: t("regulator.audit.at"), dataIndex: "at", render: formatTime },
                  { title: t("regulator.audit.action"), dataIndex: "action" },
                  { title: t("regulator.audit.result"), dataIndex: "result" },
                  { title: t("regulator.audit.hash"), dataIndex: "hash", render: short },
                  { title: t("regulator.audit.tx"), dataIndex: "txHash", render: short },
                  { title: t("regulator.audit.anchoredTx"), dataIndex: "anchoredTx", render: short },
                ]}
              />
            ),
          },
          ...(access.can("GET /audit/anchors")
            ? [
                {
                  key: "anchors",
                  label: t("regulator.audit.anchors"),
                  children: (
                    <CursorTable<Anchor>
                      rowKey="txHash"
                      queryKey={["audit", "anchors"]}
                      fetchPage={(cursor) => unwrap(api.GET("/audit/anchors", { params: { query: { cursor, limit: 50 } } }))}
                      locale={{ emptyText: t("regulator.audit.noAnchors") }}
                      columns={[
                        { title: t("regulator.audit.block"), dataIndex: "blockNumber" },
                        { title: t("regulator.audit.entries"), dataIndex: "entries" },
                        { title: t("regulator.audit.head"), dataIndex: "head", render: short },
                        { title: t("regulator.audit.tx"), dataIndex: "txHash", render: short },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

function Verification() {
  const t = useT();
  const v = useQuery({ queryKey: ["audit", "verify"], queryFn: () => unwrap(api.GET("/audit/log/verify")) });
  if (v.isError) return <ProblemAlert error={v.error} />;
  if (!v.data) return <Loading />;
  const r = v.data;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }} title={t("regulator.audit.verification")}>
        <Descriptions.Item label={t("regulator.audit.chain")}>
          {r.valid ? <Tag color="green">{t("regulator.audit.valid")}</Tag> : <Tag color="red">{t("regulator.audit.broken")}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t("regulator.audit.entries")}>{r.entries}</Descriptions.Item>
        <Descriptions.Item label={t("regulator.audit.head")}>{short(r.head)}</Descriptions.Item>
        {r.brokenAt && (
          <Descriptions.Item label={t("regulator.audit.brokenAt")}>
            {r.brokenAt.seq ?? "—"}: {r.brokenAt.reason}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t("regulator.audit.anchorsMatched")}>
          {t("regulator.audit.anchorsOf", { matched: r.anchors.matched, onLedger: r.anchors.onLedger })}
        </Descriptions.Item>
        <Descriptions.Item label={t("regulator.audit.latestAnchor")}>
          {r.anchors.latest ? t("regulator.blockN", { n: r.anchors.latest.blockNumber }) : "—"}
        </Descriptions.Item>
      </Descriptions>
      <Button onClick={() => void v.refetch()} loading={v.isFetching}>
        {t("regulator.audit.verifyAgain")}
      </Button>
    </Space>
  );
}
