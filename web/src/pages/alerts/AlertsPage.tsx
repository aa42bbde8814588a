/**
 * 风险预警: the early-warning alerts the risk rules raised, each explained in the user's language. The regulator
 * and the operator see every alert, an organisation those it is party to. The regulator acknowledges an alert
 * (with a note of what it is doing) and resolves it (saying why); everyone else reads.
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
import { useLanguage, useT } from "../../i18n/language";

type Alert = paths["/alerts"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Status = Alert["status"];
type Step = "acknowledge" | "resolve";

const ALERTS_KEY = ["alerts"];
const SEVERITY_COLOUR: Record<Alert["severity"], string> = { info: "blue", warning: "orange", critical: "red" };

export function AlertsPage() {
  const t = useT();
  const { language } = useLanguage();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status | "all">("open");
  const [deciding, setDeciding] = useState<{ alert: Alert; step: Step }>();
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: ({ alert, step }: { alert: Alert; step: Step }) => {
      const params = { path: { id: alert.id }, header: { "Idempotency-Key": idempotencyKey() } };
      return step === "acknowledge"
        ? unwrap(api.POST("/alerts/{id}/acknowledge", { params, body: note.trim() ? { note: note.trim() } : {} }))
        : unwrap(api.POST("/alerts/{id}/resolve", { params, body: { note: note.trim() } }));
    },
    onSuccess: (_, { step }) => {
      void message.success(t(step === "acknowledge" ? "alerts.acknowledged" : "alerts.resolvedDone"));
      setDeciding(undefined);
      void queries.invalidateQueries({ queryKey: ALERTS_KEY });
    },
  });
  const open = (alert: Alert, step: Step) => {
    setNote("");
    decide.reset();
    setDeciding({ alert, step });
  };
  const mayAcknowledge = access.can("POST /alerts/{id}/acknowledge");
  const mayResolve = access.can("POST /alerts/{id}/resolve");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("alerts.title")}</Typography.Title>
      <Typography.Paragraph>{t("alerts.intro")}</Typography.Paragraph>
      <Segmented<Status | "all">
        aria-label={t("alerts.filter")}
        value={status}
        onChange={setStatus}
        options={[
          { value: "open", label: t("alerts.status.open") },
          { value: "acknowledged", label: t("alerts.status.acknowledged") },
          { value: "resolved", label: t("alerts.status.resolved") },
          { value: "all", label: t("alerts.filter.all") },
        ]}
      />
      <CursorTable<Alert>
        aria-label={t("alerts.title")}
        rowKey="id"
        queryKey={[...ALERTS_KEY, status]}
        fetchPage={(cursor) => unwrap(api.GET("/alerts", { params: { query: { cursor, limit: 20, ...(status !== "all" && { status }) } } }))}
        locale={{ emptyText: t("alerts.empty") }}
        columns={[
          { title: t("alerts.severity"), dataIndex: "severity", render: (s: Alert["severity"]) => <Tag color={SEVERITY_COLOUR[s]}>{t(`alerts.severity.${s}`)}</Tag> },
          { title: t("alerts.rule"), dataIndex: "rule", render: (r: Alert["rule"]) => t(`alerts.rule.${r}`) },
          // A width lets the explanation wrap, so that the actions stay in view at 1280 px.
          { title: t("alerts.explanation"), dataIndex: "explanation", width: 320, render: (e: Alert["explanation"]) => e[language] },
          { title: t("alerts.raisedAt"), dataIndex: "createdAt", render: formatTime },
          {
            title: t("common.status"),
            dataIndex: "status",
            render: (s: Status, a: Alert) => (
              <Space orientation="vertical" size={0}>
                <span>{t(`alerts.status.${s}`)}</span>
                {(s === "resolved" ? a.resolveNote : a.acknowledgeNote) && <span>{s === "resolved" ? a.resolveNote : a.acknowledgeNote}</span>}
              </Space>
            ),
          },
          ...(mayAcknowledge || mayResolve
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, a: Alert) =>
                    a.status !== "resolved" && (
                      // One above the other: the row stays within 1280 px in either language.
                      <Space orientation="vertical" size="small">
                        {a.status === "open" && (
                          <Button size="small" disabled={!mayAcknowledge} onClick={() => open(a, "acknowledge")}>
                            {t("alerts.acknowledge")}
                          </Button>
                        )}
                        <Button size="small" type="primary" disabled={!mayResolve} onClick={() => open(a, "resolve")}>
                          {t("alerts.resolve")}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={deciding !== undefined}
        title={deciding && t(deciding.step === "acknowledge" ? "alerts.acknowledge" : "alerts.resolve")}
        okText={t("common.confirm")}
        okButtonProps={{ disabled: deciding?.step === "resolve" && note.trim() === "", loading: decide.isPending }}
        cancelText={t("common.cancel")}
        onCancel={() => setDeciding(undefined)}
        onOk={() => deciding && decide.mutate(deciding)}
      >
        <Space orientation="vertical" style={{ width: "100%" }}>
          {deciding && <Typography.Paragraph>{deciding.alert.explanation[language]}</Typography.Paragraph>}
          <label htmlFor="alert-note">{t(deciding?.step === "resolve" ? "alerts.resolveNote" : "alerts.acknowledgeNote")}</label>
          <Input.TextArea id="alert-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          <ProblemAlert error={decide.error ?? undefined} />
        </Space>
      </Modal>
    </Space>
  );
}
