/**
 * One pledge loan: its parties, the receipts it holds, what was drawn and what is owed today, and its margin as
 * the newest valuation found it: the ratio of principal to the receipts' value, and, under a margin call, the
 * deadline to add receipts or repay part. Then what the signed-in side may do with it.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Descriptions, Space, Typography } from "antd";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { Loading } from "../../components/Loading";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { Quantity } from "../../components/Quantity";
import { formatDay, formatRate, formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import { CheckButton, LoanActions } from "./LoanActions";
import { LoanStatusTag, MarginTag } from "./LoanMarks";

const name = (p: { name: string | null; account: string }) => p.name ?? p.account;

export function PledgeDetailPage() {
  const t = useT();
  const id = useParams().id ?? "";
  const loan = useQuery({ queryKey: ["pledges", id, "detail"], queryFn: () => unwrap(api.GET("/pledges/{id}", { params: { path: { id } } })) });
  if (loan.isPending) return <Loading />;
  if (loan.isError) return <ProblemAlert error={loan.error} />;
  const l = loan.data;
  const called = l.status === "active" && l.margin.state === "called";
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("pledges.detail.title", { id: l.id })}</Typography.Title>
      <Link to="/pledges">{t("pledges.detail.back")}</Link>
      {called && l.margin.callDeadline !== null && (
        <Alert type="error" showIcon title={t("pledges.margin.calledHelp", { deadline: formatTime(l.margin.callDeadline) })} />
      )}
      {l.status === "active" && l.margin.state === "warning" && <Alert type="warning" showIcon title={t("pledges.margin.warningHelp")} />}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
        items={[
          { key: "status", label: t("common.status"), children: <LoanStatusTag status={l.status} /> },
          { key: "margin", label: t("pledges.margin"), children: <span data-testid="loan-margin"><MarginTag loan={l} detailed /></span> },
          { key: "borrower", label: t("pledges.borrower"), children: name(l.borrower) },
          { key: "bank", label: t("pledges.bank"), children: name(l.bank) },
          { key: "goods", label: t("pledges.goods"), children: <>{l.commodity} <Quantity grams={l.quantity} /></> },
          {
            key: "receipts",
            label: t("pledges.receipts"),
            children: (
              <Space size={8} wrap>
                {l.receiptIds.map((r) => (
                  <Link key={r} to={`/receipts/${r}`}>
                    #{r}
                  </Link>
                ))}
              </Space>
            ),
          },
          { key: "amount", label: t("pledges.amount"), children: <Money value={l.amount} /> },
          { key: "principal", label: t("pledges.principal"), children: <span data-testid="loan-principal"><Money value={l.principal} /></span> },
          { key: "interestPaid", label: t("pledges.interestPaid"), children: <Money value={l.interestPaid} /> },
          { key: "rate", label: t("pledges.rate"), children: formatRate(l.rateBps) },
          { key: "fee", label: t("pledges.feeRate"), children: formatRate(l.feeBps) },
          { key: "maturity", label: t("pledges.maturity"), children: formatDay(l.maturityDay) },
        ]}
      />
      {l.drawdown !== null && (
        <>
          <Typography.Title level={3}>{t("pledges.drawdown.facts")}</Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: "price", label: t("pledges.drawdown.price"), children: <Money value={l.drawdown.yuanPerTonne} /> },
              { key: "value", label: t("pledges.drawdown.value"), children: <Money value={l.drawdown.value} /> },
              { key: "limit", label: t("pledges.drawdown.limit"), children: <Money value={l.drawdown.limit} /> },
              { key: "fee", label: t("pledges.drawdown.fee"), children: <Money value={l.drawdown.fee} /> },
            ]}
          />
        </>
      )}
      {l.due !== null && (
        <>
          <Typography.Title level={3}>{t("pledges.due.title")}</Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: "principal", label: t("pledges.due.principal"), children: <Money value={l.due.principal} /> },
              { key: "interest", label: t("pledges.due.interest"), children: <Money value={l.due.interest} /> },
            ]}
          />
        </>
      )}
      {l.status === "active" && <CheckButton loan={l} />}
      <LoanActions loan={l} />
    </Space>
  );
}
