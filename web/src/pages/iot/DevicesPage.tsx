/**
 * 物联网设备: a warehouse's signing devices (every warehouse's for the operator and the regulator), with the highest
 * counter each has sent. The warehouse's maker registers and retires them (a checker approves). Anyone who may
 * see the readings opens a reading's Merkle proof by its number.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Segmented, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { RegisterDeviceModal } from "./RegisterDeviceModal";
import type { Device } from "./types";

type Filter = "all" | "active" | "retired";

function ProofLookup() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Form name="proof-lookup" layout="inline" onFinish={(f: { id: string }) => void navigate(`/iot/readings/${f.id.trim()}/proof`)}>
      <Form.Item name="id" label={t("iot.proof.reading")} rules={[{ required: true, pattern: /^\s*[1-9]\d*\s*$/, message: t("receipts.rule.readingId") }]}>
        <Input inputMode="numeric" autoComplete="off" style={{ width: 140 }} />
      </Form.Item>
      <Button htmlType="submit">{t("iot.proof.open")}</Button>
    </Form>
  );
}

export function DevicesPage() {
  const t = useT();
  const access = useAccess();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [filter, setFilter] = useState<Filter>("active");
  const [registering, setRegistering] = useState(false);
  const retire = useMutation({
    mutationFn: (d: Device) => unwrap(api.POST("/iot/devices/{id}/retire", { params: { path: { id: d.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const confirmRetire = (d: Device) => {
    modal.confirm({
      title: t("iot.retire.title"),
      content: t("iot.retire.confirm", { device: d.label ?? d.id, bay: d.bay }),
      okText: t("common.confirm"),
      okButtonProps: { danger: true },
      cancelText: t("common.cancel"),
      onOk: () => retire.mutateAsync(d).catch(() => undefined),
    });
  };
  const seesAll = !access.is("warehouse");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("iot.title")}</Typography.Title>
      <Space wrap>
        <Segmented<Filter>
          aria-label={t("common.status")}
          value={filter}
          onChange={setFilter}
          options={(["active", "retired", "all"] as const).map((f) => ({ value: f, label: t(`iot.filter.${f}`) }))}
        />
        {access.can("POST /iot/devices") && (
          <Button type="primary" onClick={() => setRegistering(true)}>
            {t("iot.register.open")}
          </Button>
        )}
      </Space>
      {access.can("GET /iot/readings/{id}/proof") && <ProofLookup />}
      <ProblemAlert error={retire.error ?? undefined} />
      <CursorTable<Device>
        rowKey="id"
        aria-label={t("iot.table")}
        queryKey={["iot", "devices", filter]}
        fetchPage={(cursor) => unwrap(api.GET("/iot/devices", { params: { query: { status: filter === "all" ? undefined : filter, cursor, limit: 20 } } }))}
        locale={{ emptyText: t("iot.empty") }}
        columns={[
          { title: t("iot.device"), key: "device", render: (_: unknown, d: Device) => <Space orientation="vertical" size={0}><span>{d.label ?? "—"}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.id}</Typography.Text></Space> },
          { title: t("iot.kind"), dataIndex: "kind", render: (k: Device["kind"]) => t(`iot.kind.${k}`) },
          { title: t("iot.bay"), dataIndex: "bay" },
          ...(seesAll ? [{ title: t("iot.warehouse"), key: "warehouse", render: (_: unknown, d: Device) => d.warehouse.name ?? d.warehouse.account }] : []),
          { title: t("iot.lastCounter"), dataIndex: "lastCounter", align: "right" as const },
          { title: t("iot.registeredAt"), dataIndex: "registeredAt", render: formatTime },
          {
            title: t("common.status"),
            key: "status",
            render: (_: unknown, d: Device) =>
              d.status === "active" ? <Tag color="green">{t("iot.status.active")}</Tag> : <Tag>{t("iot.status.retired", { at: d.retiredAt ? formatTime(d.retiredAt) : "" })}</Tag>,
          },
          ...(access.can("POST /iot/devices/{id}/retire")
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, d: Device) =>
                    d.status === "active" && (
                      <Button danger size="small" onClick={() => confirmRetire(d)}>
                        {t("iot.retire.title")}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {access.can("POST /iot/devices") && <RegisterDeviceModal open={registering} onClose={() => setRegistering(false)} />}
    </Space>
  );
}
