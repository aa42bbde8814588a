/**
 * The organisation directory: every participant with its registered Chinese name, USCC, kinds and standing. The
 * operator suspends and reinstates participants; the regulator freezes and unfreezes them. Each button appears
 * only to a user the server would let press it, and a refusal is shown with its code while nothing changes.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { KindTags } from "./KindTags";

type Org = paths["/orgs"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Kind = Org["kinds"][number];
type OrgStatus = Org["status"];
type Change = "suspend" | "reinstate" | "freeze" | "unfreeze";

const KINDS: Kind[] = ["core", "supplier", "bank", "warehouse", "guarantor", "insurer", "operator", "regulator"];
const STATUS_COLOUR: Record<OrgStatus, string> = { active: "green", suspended: "orange", frozen: "red", unregistered: "default" };

export function OrganisationsPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>();
  const change = useMutation({
    mutationFn: ({ org, to }: { org: Org; to: Change }) => {
      const params = { path: { id: org.id }, header: { "Idempotency-Key": idempotencyKey() } };
      switch (to) {
        case "suspend":
          return unwrap(api.POST("/orgs/{id}/suspend", { params }));
        case "reinstate":
          return unwrap(api.POST("/orgs/{id}/reinstate", { params }));
        case "freeze":
          return unwrap(api.POST("/orgs/{id}/freeze", { params }));
        case "unfreeze":
          return unwrap(api.POST("/orgs/{id}/unfreeze", { params }));
      }
    },
    onSuccess: (o, { to }) => {
      void message.success(t(`operator.orgs.done.${to}`, { name: o.name }));
      void queries.invalidateQueries({ queryKey: ["orgs"] });
    },
  });
  const offered = (o: Org): Change[] => {
    const all: Change[] = [];
    if (o.status === "active" && access.can("POST /orgs/{id}/suspend")) all.push("suspend");
    if (o.status === "suspended" && access.can("POST /orgs/{id}/reinstate")) all.push("reinstate");
    if (o.status !== "frozen" && o.status !== "unregistered" && access.can("POST /orgs/{id}/freeze")) all.push("freeze");
    if (o.status === "frozen" && access.can("POST /orgs/{id}/unfreeze")) all.push("unfreeze");
    return all;
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("operator.orgs.title")}</Typography.Title>
      <Select<Kind>
        aria-label={t("operator.org.kinds")}
        allowClear
        placeholder={t("operator.orgs.allKinds")}
        style={{ width: 200 }}
        value={kind}
        onChange={setKind}
        options={KINDS.map((k) => ({ value: k, label: t(`operator.kind.${k}`) }))}
      />
      <ProblemAlert error={change.error ?? undefined} />
      <CursorTable<Org>
        rowKey="id"
        queryKey={["orgs", "directory", kind]}
        fetchPage={(cursor) => unwrap(api.GET("/orgs", { params: { query: { kind, cursor, limit: 50 } } }))}
        locale={{ emptyText: t("operator.orgs.empty") }}
        columns={[
          {
            title: t("operator.org.name"),
            dataIndex: "name",
            render: (name: string, o) => (
              <Space orientation="vertical" size={0}>
                <span>{name}</span>
                {o.nameEn && <Typography.Text type="secondary">{o.nameEn}</Typography.Text>}
              </Space>
            ),
          },
          { title: t("operator.org.uscc"), dataIndex: "uscc", render: (u: string) => <code>{u}</code> },
          { title: t("operator.org.kinds"), dataIndex: "kinds", render: (k: Kind[]) => <KindTags kinds={k} /> },
          {
            title: t("common.status"),
            dataIndex: "status",
            render: (s: OrgStatus) => <Tag color={STATUS_COLOUR[s]}>{t(`operator.org.status.${s}`)}</Tag>,
          },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, o: Org) => (
              <Space wrap>
                {offered(o).map((to) => (
                  <Popconfirm
                    key={to}
                    title={t(`operator.orgs.confirm.${to}`, { name: o.name })}
                    okText={t("common.confirm")}
                    cancelText={t("common.cancel")}
                    onConfirm={() => change.mutate({ org: o, to })}
                  >
                    <Button
                      danger={to === "suspend" || to === "freeze"}
                      autoInsertSpace={false}
                      aria-label={t(`operator.orgs.action.${to}Of`, { name: o.name })}
                      loading={change.isPending && change.variables.org.id === o.id && change.variables.to === to}
                    >
                      {t(`operator.orgs.action.${to}`)}
                    </Button>
                  </Popconfirm>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
