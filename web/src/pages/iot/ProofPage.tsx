/**
 * 读数存证: one reading's Merkle inclusion proof: the signed payload, the leaf, the audit path, and the root with the
 * ledger transaction that anchored it. The browser recomputes the leaf and the root itself (merkle.ts) and says
 * whether they match, so the user need not take the platform's word for it.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Descriptions, Space, Table, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { Loading } from "../../components/Loading";
import { PayloadView } from "../../components/PayloadView";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { checkProof } from "./merkle";

const code = (h: string) => (
  <Typography.Text code copyable style={{ wordBreak: "break-all" }}>
    {h}
  </Typography.Text>
);

export function ProofPage() {
  const t = useT();
  const id = useParams().id ?? "";
  const proof = useQuery({ queryKey: ["iot", "proof", id], queryFn: () => unwrap(api.GET("/iot/readings/{id}/proof", { params: { path: { id } } })) });
  const check = useQuery({ queryKey: ["iot", "proof", id, "check"], enabled: proof.data !== undefined, queryFn: () => checkProof(proof.data!) }); // eslint-disable-line @typescript-eslint/no-non-null-assertion -- enabled only once it is there
  if (proof.isPending) return <Loading />;
  const back = <Link to="/iot/devices">{t("iot.proof.back")}</Link>;
  if (proof.isError)
    return (
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Title level={2}>{t("iot.proof.title", { id })}</Typography.Title>
        {back}
        <ProblemAlert error={proof.error} />
      </Space>
    );
  const p = proof.data;
  const verdict = check.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("iot.proof.title", { id })}</Typography.Title>
      {back}
      {verdict && (
        <Alert
          type={verdict.verified ? "success" : "error"}
          showIcon
          title={<span data-testid="proof-verdict">{t(verdict.verified ? "iot.proof.verified" : "iot.proof.notVerified")}</span>}
          description={t("iot.proof.how")}
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: "root", label: t("iot.proof.root"), children: code(p.root) },
          {
            key: "computed",
            label: t("iot.proof.computedRoot"),
            children: verdict ? (
              <Space wrap>
                {code(verdict.computedRoot)}
                <Tag color={verdict.computedRoot === p.root ? "green" : "red"}>{t(verdict.computedRoot === p.root ? "iot.proof.match" : "iot.proof.mismatch")}</Tag>
              </Space>
            ) : (
              "…"
            ),
          },
          { key: "tx", label: t("iot.proof.anchorTx"), children: code(p.anchor.txHash) },
          { key: "block", label: t("iot.proof.block"), children: `${p.anchor.blockNumber} · ${formatTime(p.anchor.anchoredAt)}` },
          { key: "batch", label: t("iot.proof.batch"), children: t("iot.proof.batchValue", { count: p.anchor.count, first: p.anchor.firstId, last: p.anchor.lastId, index: p.leafIndex + 1, size: p.treeSize }) },
          { key: "contract", label: t("iot.proof.contract"), children: <>{code(p.contract.address)} (chain {p.contract.chainId})</> },
        ]}
      />
      <Typography.Title level={3}>{t("iot.proof.reading.title")}</Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: "payload", label: t("iot.proof.payload"), children: <PayloadView payload={{ ...p.reading.payload, kind: t(`iot.kind.${p.reading.payload.kind}`) }} /> },
          { key: "received", label: t("iot.proof.receivedAt"), children: formatTime(p.reading.receivedAt) },
          { key: "signature", label: t("iot.proof.signature"), children: code(p.reading.signature) },
          {
            key: "leaf",
            label: t("iot.proof.leafHash"),
            children: verdict ? (
              <Space wrap>
                {code(p.leaf.hash)}
                <Tag color={verdict.leafMatches ? "green" : "red"}>{t(verdict.leafMatches ? "iot.proof.match" : "iot.proof.mismatch")}</Tag>
              </Space>
            ) : (
              code(p.leaf.hash)
            ),
          },
        ]}
      />
      <Typography.Title level={3}>{t("iot.proof.path")}</Typography.Title>
      <Table
        rowKey={(s) => `${s.side}-${s.hash}`}
        aria-label={t("iot.proof.path")}
        dataSource={p.path}
        pagination={false}
        size="small"
        locale={{ emptyText: t("iot.proof.pathEmpty") }}
        columns={[
          { title: "#", key: "n", render: (_: unknown, _s, i) => i + 1 },
          { title: t("iot.proof.side"), dataIndex: "side", render: (s: "left" | "right") => t(`iot.proof.side.${s}`) },
          { title: t("iot.proof.sibling"), dataIndex: "hash", render: (h: string) => <Typography.Text code>{h}</Typography.Text> },
        ]}
      />
    </Space>
  );
}
