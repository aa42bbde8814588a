/**
 * One of the program's lists (the supplier whitelist or the eligible banks): who is on it, and the maker's
 * proposals to add or remove an organisation, each waiting for a checker.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Space, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";

type Member = paths["/programs/{coreOrgId}/suppliers"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type List = "suppliers" | "banks";

export function MembersCard({ coreOrgId, list }: { coreOrgId: string; list: List }) {
  const t = useT();
  const access = useAccess();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ orgId: string }>();
  const path = { coreOrgId };
  const change = useMutation({
    mutationFn: ({ orgId, listed }: { orgId: string; listed: boolean }) => {
      const params = { path: { ...path, orgId }, header: { "Idempotency-Key": idempotencyKey() } };
      if (list === "suppliers") {
        return unwrap(listed ? api.PUT("/programs/{coreOrgId}/suppliers/{orgId}", { params }) : api.DELETE("/programs/{coreOrgId}/suppliers/{orgId}", { params }));
      }
      return unwrap(listed ? api.PUT("/programs/{coreOrgId}/banks/{orgId}", { params }) : api.DELETE("/programs/{coreOrgId}/banks/{orgId}", { params }));
    },
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const mayChange = access.can(`PUT /programs/{coreOrgId}/${list}/{orgId}`);
  const mayRemove = access.can(`DELETE /programs/{coreOrgId}/${list}/{orgId}`);
  const fetchPage = (cursor: string | undefined) =>
    list === "suppliers"
      ? unwrap(api.GET("/programs/{coreOrgId}/suppliers", { params: { path, query: { cursor, limit: 50 } } }))
      : unwrap(api.GET("/programs/{coreOrgId}/banks", { params: { path, query: { cursor, limit: 50 } } }));
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t(`programs.${list}.title`)}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <CursorTable<Member>
          rowKey={(m) => m.organisation.account}
          aria-label={t(`programs.${list}.title`)}
          queryKey={["programs", coreOrgId, list]}
          fetchPage={fetchPage}
          locale={{ emptyText: t(`programs.${list}.empty`) }}
          size="small"
          columns={[
            { title: t("programs.member.name"), key: "name", render: (_: unknown, m: Member) => m.organisation.name ?? m.organisation.account },
            ...(mayRemove
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    render: (_: unknown, m: Member) =>
                      m.organisation.id && (
                        <Button
                          size="small"
                          onClick={() => m.organisation.id && change.mutate({ orgId: m.organisation.id, listed: false })}
                        >
                          {t("programs.member.remove")}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
        {mayChange && (
          <Form name={`program-${list}`} form={form} layout="vertical" onFinish={(f) => change.mutate({ orgId: f.orgId, listed: true })}>
            <Form.Item name="orgId" label={t(`programs.${list}.pick`)} rules={[{ required: true, message: t(`programs.${list}.pick`) }]}>
              <OrgSelect kinds={list === "suppliers" ? ["supplier"] : ["bank"]} />
            </Form.Item>
            <Button htmlType="submit" loading={change.isPending}>
              {t("programs.member.add")}
            </Button>
          </Form>
        )}
        <ProblemAlert error={change.error ?? undefined} />
      </Space>
    </Card>
  );
}
