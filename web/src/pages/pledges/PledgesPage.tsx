/**
 * 质押融资: pledge loans on warehouse receipts: my own as borrower or as bank (every one for the operator and the
 * regulator), each with its margin as the newest daily valuation found it. An owner of goods asks for a new loan.
 */
import { Button, Segmented, Space, Typography } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { Quantity } from "../../components/Quantity";
import { formatDay } from "../../format/date";
import { useT } from "../../i18n/language";
import { BankRatesCard } from "./BankRatesCard";
import { LoanStatusTag, MarginTag } from "./LoanMarks";
import { RequestPledgeModal } from "./RequestPledgeModal";
import { LOAN_STATUSES, type Loan, type LoanStatus } from "./types";

type Filter = LoanStatus | "all";
const name = (p: { name: string | null; account: string }) => p.name ?? p.account;

export function PledgesPage() {
  const t = useT();
  const access = useAccess();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<Filter>("all");
  const pledging = params.get("pledge") ?? undefined;
  const [requesting, setRequesting] = useState(pledging !== undefined);
  // Goods are owned by the chain's enterprises; a bank lends, it does not borrow on receipts here.
  const borrows = access.can("POST /pledges") && (access.is("supplier") || access.is("core"));
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("pledges.title")}</Typography.Title>
      <Space wrap>
        <Segmented<Filter>
          aria-label={t("common.status")}
          value={filter}
          onChange={setFilter}
          options={[{ value: "all", label: t("pledges.filter.all") }, ...LOAN_STATUSES.map((s) => ({ value: s, label: t(`pledges.status.${s}`) }))]}
        />
        {borrows && (
          <Button type="primary" onClick={() => setRequesting(true)}>
            {t("pledges.request.open")}
          </Button>
        )}
      </Space>
      <CursorTable<Loan>
        rowKey="id"
        aria-label={t("pledges.table")}
        queryKey={["pledges", filter]}
        fetchPage={(cursor) => unwrap(api.GET("/pledges", { params: { query: { status: filter === "all" ? undefined : filter, cursor, limit: 20 } } }))}
        locale={{ emptyText: t("pledges.empty") }}
        columns={[
          { title: t("pledges.id"), dataIndex: "id", render: (id: string) => <Link to={`/pledges/${id}`}>#{id}</Link> },
          // A column that would name my own organisation on every row is left out, so the margin stays in view.
          ...(borrows ? [] : [{ title: t("pledges.borrower"), key: "borrower", render: (_: unknown, l: Loan) => name(l.borrower) }]),
          ...(access.is("bank") ? [] : [{ title: t("pledges.bank"), key: "bank", render: (_: unknown, l: Loan) => name(l.bank) }]),
          { title: t("pledges.goods"), key: "goods", render: (_: unknown, l: Loan) => <>{l.commodity} <Quantity grams={l.quantity} /></> },
          { title: t("common.status"), key: "status", render: (_: unknown, l: Loan) => <LoanStatusTag status={l.status} /> },
          { title: t("pledges.margin"), key: "margin", render: (_: unknown, l: Loan) => <MarginTag loan={l} /> },
          { title: t("pledges.amount"), dataIndex: "amount", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("pledges.principal"), dataIndex: "principal", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("pledges.maturity"), dataIndex: "maturityDay", render: formatDay },
        ]}
      />
      {access.is("bank") && <BankRatesCard />}
      {borrows && (
        <RequestPledgeModal
          open={requesting}
          receiptId={pledging}
          onClose={() => {
            setRequesting(false);
            if (pledging !== undefined) setParams({});
          }}
        />
      )}
    </Space>
  );
}
