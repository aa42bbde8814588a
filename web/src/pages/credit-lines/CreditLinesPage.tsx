/**
 * 授信额度: a bank's lines to core enterprises, with what each has used, and the maker's proposals to grant, amend
 * or close one (a checker of the bank approves them here or in the inbox); a core enterprise sees the lines granted
 * to it. Used, limit and available are the ledger's, as the API gives them.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Popconfirm, Progress, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { PendingActions } from "../../components/money/PendingActions";
import { OrgSelect } from "../../components/money/OrgSelect";
import { dayRule } from "../../components/money/forms";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatDay } from "../../format/date";
import { fenOf, parseYuanInput } from "../../format/money";
import { useT } from "../../i18n/language";

type Line = paths["/credit-lines"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Whole percent used, from the fen: a bar's length, not money. */
function usedPercent(l: Line): number {
  const used = fenOf(l.used) ?? 0n;
  const limit = fenOf(l.limit) ?? 0n;
  return limit === 0n ? 0 : Number((used * 100n) / limit);
}

interface GrantForm {
  coreOrgId: string;
  limit: string;
  expiry: string;
}

export function CreditLinesPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantForm>();
  const [amending, setAmending] = useState<Line>();
  const [amendForm] = Form.useForm<{ limit?: string; expiry?: string }>();
  const proposed = () => {
    void message.success(t("common.submittedForApproval"));
    void queries.invalidateQueries({ queryKey: ["approvals"] });
  };
  const grant = useMutation({
    mutationFn: (v: GrantForm) =>
      unwrap(
        api.POST("/credit-lines", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { coreOrgId: v.coreOrgId, limit: amountValue(v.limit), expiry: v.expiry.trim() },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      proposed();
    },
  });
  const amend = useMutation({
    mutationFn: ({ line, limit, expiry }: { line: Line; limit?: string; expiry?: string }) =>
      unwrap(
        api.PUT("/credit-lines/{id}", {
          params: { path: { id: line.id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { ...(limit ? { limit: amountValue(limit) } : {}), ...(expiry?.trim() ? { expiry: expiry.trim() } : {}) },
        }),
      ),
    onSuccess: () => {
      setAmending(undefined);
      amendForm.resetFields();
      proposed();
    },
  });
  const close = useMutation({
    mutationFn: (line: Line) =>
      unwrap(api.POST("/credit-lines/{id}/close", { params: { path: { id: line.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: proposed,
  });
  const mayGrant = access.can("POST /credit-lines");
  // Amending names what changes: an empty limit keeps the current one.
  const optionalAmount = {
    validator: (_r: unknown, v: string | undefined) =>
      !v?.trim() || parseYuanInput(v) ? Promise.resolve() : Promise.reject(new Error(t("common.amount.invalid"))),
  };
  const status = (l: Line) =>
    !l.open ? <Tag>{t("creditLines.status.closed")}</Tag> : l.expired ? <Tag color="orange">{t("creditLines.status.expired")}</Tag> : <Tag color="green">{t("creditLines.status.open")}</Tag>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("creditLines.title")}</Typography.Title>
      {mayGrant && (
        <Form<GrantForm>
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          aria-label={t("creditLines.grant.title")}
          onFinish={(v) => grant.mutate(v)}
        >
          <Typography.Title level={3}>{t("creditLines.grant.title")}</Typography.Title>
          <Form.Item name="coreOrgId" label={t("creditLines.core")} rules={[{ required: true, message: t("creditLines.core.required") }]}>
            <OrgSelect kind="core" />
          </Form.Item>
          <Form.Item name="limit" label={t("creditLines.limit")} rules={[amountRule(t)]}>
            <AmountInput capitals />
          </Form.Item>
          <Form.Item name="expiry" label={t("creditLines.expiry")} extra={t("creditLines.expiry.hint")} rules={[dayRule(t("creditLines.expiry.invalid"))]}>
            <Input placeholder="2027-12-31" autoComplete="off" />
          </Form.Item>
          <ProblemAlert error={grant.error ?? undefined} />
          <Button type="primary" htmlType="submit" loading={grant.isPending}>
            {t("creditLines.grant.submit")}
          </Button>
        </Form>
      )}
      <PendingActions kinds={["creditLine.grant", "creditLine.amend", "creditLine.close"]} title="creditLines.pending" />
      <Typography.Title level={3}>{t("creditLines.list")}</Typography.Title>
      <ProblemAlert error={close.error ?? undefined} />
      <CursorTable<Line>
        rowKey="id"
        aria-label={t("creditLines.list")}
        queryKey={["credit-lines"]}
        fetchPage={(cursor) => unwrap(api.GET("/credit-lines", { params: { query: { cursor, limit: 20 } } }))}
        locale={{ emptyText: t("creditLines.empty") }}
        columns={[
          { title: t("creditLines.bank"), key: "bank", render: (_: unknown, l: Line) => l.bank.name },
          { title: t("creditLines.core"), key: "core", render: (_: unknown, l: Line) => l.core.name },
          { title: t("creditLines.limit"), dataIndex: "limit", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("creditLines.used"), dataIndex: "used", align: "right", render: (v: string) => <Money value={v} /> },
          {
            title: t("creditLines.usage"),
            key: "usage",
            render: (_: unknown, l: Line) => (
              <Progress percent={usedPercent(l)} size="small" style={{ minWidth: 120 }} aria-label={t("creditLines.usageOf", { core: l.core.name ?? "" })} />
            ),
          },
          { title: t("creditLines.available"), dataIndex: "available", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("creditLines.expiry"), dataIndex: "expiry", render: formatDay },
          { title: t("common.status"), key: "status", render: (_: unknown, l: Line) => status(l) },
          ...(mayGrant
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, l: Line) =>
                    l.open && (
                      <Space>
                        <Button onClick={() => setAmending(l)}>{t("creditLines.amend")}</Button>
                        <Popconfirm
                          title={t("creditLines.close.confirm", { core: l.core.name ?? "" })}
                          okText={t("common.confirm")}
                          cancelText={t("common.cancel")}
                          onConfirm={() => close.mutate(l)}
                        >
                          <Button danger loading={close.isPending && close.variables.id === l.id}>
                            {t("creditLines.close")}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={amending !== undefined}
        title={t("creditLines.amend.title", { core: amending?.core.name ?? "" })}
        okText={t("common.submit")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: amend.isPending }}
        onCancel={() => setAmending(undefined)}
        onOk={() => void amendForm.validateFields().then((v) => amending && amend.mutate({ line: amending, ...v }))}
      >
        <Form form={amendForm} layout="vertical">
          <Form.Item name="limit" label={t("creditLines.amend.limit")} rules={[optionalAmount]}>
            <AmountInput capitals />
          </Form.Item>
          <Form.Item name="expiry" label={t("creditLines.amend.expiry")} rules={[dayRule(t("creditLines.expiry.invalid"), true)]}>
            <Input placeholder={amending?.expiry} autoComplete="off" />
          </Form.Item>
          <ProblemAlert error={amend.error ?? undefined} />
        </Form>
      </Modal>
    </Space>
  );
}
