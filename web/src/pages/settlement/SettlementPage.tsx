/**
 * 到期兑付: the maturity calendar, one row per debtor and day, with what falls due, what is escrowed and what is
 * still short; the core enterprise's maker proposes funding a day (its checker approves, here or in the inbox),
 * and after redemption each row opens on what was paid to whom. Every figure is the server's.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Space, Table, Tag, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { PendingActions } from "../../components/money/PendingActions";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatDay } from "../../format/date";
import { useT } from "../../i18n/language";

type Slot = paths["/settlements"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Detail = paths["/settlements/{debtorOrgId}/{maturity}"]["get"]["responses"][200]["content"]["application/json"];
type Payout = Detail["payouts"][number];

const STATUS_COLOUR: Record<Slot["status"], string> = { funded: "blue", unfunded: "orange", overdue: "red", settled: "green" };

function Payouts({ slot }: { slot: Slot }) {
  const t = useT();
  const debtorOrgId = slot.debtor.id ?? "";
  const detail = useQuery({
    queryKey: ["settlements", debtorOrgId, slot.maturity],
    queryFn: () => unwrap(api.GET("/settlements/{debtorOrgId}/{maturity}", { params: { path: { debtorOrgId, maturity: slot.maturity } } })),
  });
  if (detail.isError) return <ProblemAlert error={detail.error} />;
  return (
    <Table<Payout>
      rowKey={(p) => p.holder.account}
      size="small"
      aria-label={t("settlement.payouts.of", { maturity: slot.maturity })}
      loading={detail.isPending}
      dataSource={detail.data?.payouts ?? []}
      pagination={false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("settlement.payouts.empty") }}
      columns={[
        { title: t("settlement.holder"), key: "holder", render: (_: unknown, p: Payout) => p.holder.name ?? p.holder.account },
        { title: t("settlement.vouchers"), dataIndex: "vouchers", align: "right" },
        { title: t("settlement.paid"), dataIndex: "paid", align: "right", render: (v: string) => <Money value={v} /> },
        { title: t("settlement.outstanding"), dataIndex: "outstanding", align: "right", render: (v: string) => <Money value={v} /> },
      ]}
    />
  );
}

export function SettlementPage() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const fund = useMutation({
    mutationFn: (slot: Slot) =>
      unwrap(api.POST("/settlements", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { maturity: slot.maturity } })),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      void queries.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const mayFund = access.can("POST /settlements");
  const own = (s: Slot) => s.debtor.id === access.me.organisation.id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("settlement.title")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("settlement.intro")}</Typography.Paragraph>
      <PendingActions kinds={["settlement.fund"]} title="settlement.pending" />
      <ProblemAlert error={fund.error ?? undefined} />
      <Typography.Title level={3}>{t("settlement.calendar")}</Typography.Title>
      <CursorTable<Slot>
        rowKey={(s) => `${s.debtor.account}.${s.maturity}`}
        aria-label={t("settlement.calendar")}
        queryKey={["settlements"]}
        fetchPage={(cursor) => unwrap(api.GET("/settlements", { params: { query: { cursor, limit: 50 } } }))}
        locale={{ emptyText: t("settlement.empty") }}
        expandable={{ expandedRowRender: (s: Slot) => <Payouts slot={s} />, rowExpandable: (s: Slot) => s.debtor.id !== null }}
        columns={[
          { title: t("settlement.maturity"), dataIndex: "maturity", render: formatDay },
          { title: t("settlement.debtor"), key: "debtor", render: (_: unknown, s: Slot) => s.debtor.name ?? s.debtor.account },
          { title: t("settlement.due"), dataIndex: "outstanding", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("settlement.escrowed"), dataIndex: "escrowed", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("settlement.shortfall"), dataIndex: "shortfall", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("settlement.paid"), dataIndex: "paid", align: "right", render: (v: string) => <Money value={v} /> },
          {
            title: t("common.status"),
            dataIndex: "status",
            render: (s: Slot["status"]) => <Tag color={STATUS_COLOUR[s]}>{t(`settlement.status.${s}`)}</Tag>,
          },
          ...(mayFund
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, s: Slot) =>
                    own(s) &&
                    s.shortfall !== "0.00" && (
                      <Button
                        type="primary"
                        aria-label={t("settlement.fund.for", { maturity: s.maturity })}
                        loading={fund.isPending && fund.variables.maturity === s.maturity}
                        onClick={() => fund.mutate(s)}
                      >
                        {t("settlement.fund")}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <LedgerDay />
    </Space>
  );
}

/** The ledger's day, which decides what is due: a treasurer reads the calendar against it. */
function LedgerDay() {
  const t = useT();
  const clock = useQuery({ queryKey: ["clock"], queryFn: () => unwrap(api.GET("/clock")) });
  if (!clock.data) return null;
  return <Descriptions size="small" items={[{ key: "day", label: t("settlement.ledgerDay"), children: formatDay(clock.data.now) }]} />;
}
