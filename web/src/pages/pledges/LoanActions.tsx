/**
 * What each side may do with a pledge loan, by its status. The borrower's maker withdraws a request, repays (a
 * checker approves) and tops up (补仓) with more receipts; the bank's maker declines a request, or proposes the
 * drawdown, a default after an unanswered margin call, and the seizure of the receipts (处置), each approved by a
 * checker. Whoever may see the loan asks for a valuation at today's price. The API decides; the buttons only
 * follow the status.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Form, Row, Space, Typography } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatRate } from "../../format/date";
import { useT } from "../../i18n/language";
import { ReceiptPicker } from "./ReceiptPicker";
import type { Loan } from "./types";

const title = (text: string) => (
  <Typography.Title level={3} style={{ margin: 0 }}>
    {text}
  </Typography.Title>
);
type Step = "drawdown" | "default" | "seize";

function useRefresh() {
  const queries = useQueryClient();
  return () => {
    void queries.invalidateQueries({ queryKey: ["pledges"] });
    void queries.invalidateQueries({ queryKey: ["receipts"] });
    void queries.invalidateQueries({ queryKey: ["approvals"] });
  };
}

/** Proposals of the bank's maker, and declining a request (no checker: nothing moves). */
function BankActions({ loan }: { loan: Loan }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const refresh = useRefresh();
  const header = () => ({ "Idempotency-Key": idempotencyKey() });
  const propose = useMutation({
    mutationFn: (step: Step) => {
      const params = { path: { id: loan.id }, header: header() };
      if (step === "drawdown") return unwrap(api.POST("/pledges/{id}/drawdown", { params }));
      if (step === "default") return unwrap(api.POST("/pledges/{id}/default", { params }));
      return unwrap(api.POST("/pledges/{id}/seize", { params }));
    },
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      refresh();
    },
  });
  const decline = useMutation({
    mutationFn: () => unwrap(api.POST("/pledges/{id}/cancel", { params: { path: { id: loan.id }, header: header() } })),
    onSuccess: () => {
      void message.success(t("pledges.declined"));
      refresh();
    },
  });
  const confirm = (step: Step) => {
    modal.confirm({
      title: t(`pledges.${step}.title`),
      content: t(`pledges.${step}.confirm`, { id: loan.id }),
      okText: t("common.confirm"),
      cancelText: t("common.cancel"),
      okButtonProps: { danger: step !== "drawdown" },
      onOk: () => propose.mutateAsync(step).catch(() => undefined),
    });
  };
  return (
    <Space orientation="vertical">
      <Space wrap>
        {loan.status === "requested" && (
          <>
            <Button type="primary" onClick={() => confirm("drawdown")}>
              {t("pledges.drawdown.title")}
            </Button>
            <Button danger loading={decline.isPending} onClick={() => decline.mutate()}>
              {t("pledges.decline")}
            </Button>
          </>
        )}
        {loan.status === "active" && (
          <Button danger onClick={() => confirm("default")}>
            {t("pledges.default.title")}
          </Button>
        )}
        {(loan.status === "active" || loan.status === "defaulted") && (
          <Button danger onClick={() => confirm("seize")}>
            {t("pledges.seize.title")}
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">{t("pledges.bank.help")}</Typography.Text>
      <ProblemAlert error={propose.error ?? decline.error ?? undefined} />
    </Space>
  );
}

function RepayForm({ loan }: { loan: Loan }) {
  const t = useT();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<{ amount: string }>();
  const repay = useMutation({
    mutationFn: (amount: string) =>
      unwrap(api.POST("/pledges/{id}/repay", { params: { path: { id: loan.id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { amount } })),
    onSuccess: () => {
      void message.success(t("common.submittedForApproval"));
      form.resetFields();
      refresh();
    },
  });
  return (
    <Form name="pledge-repay" form={form} layout="vertical" onFinish={(f) => repay.mutate(amountValue(f.amount))}>
      <Form.Item name="amount" label={t("pledges.repay.amount")} rules={[amountRule(t)]} extra={t("pledges.repay.help")}>
        <AmountInput capitals />
      </Form.Item>
      <ProblemAlert error={repay.error ?? undefined} />
      <Button type="primary" htmlType="submit" loading={repay.isPending} style={{ marginTop: 8 }}>
        {t("pledges.repay.submit")}
      </Button>
    </Form>
  );
}

function TopUpForm({ loan }: { loan: Loan }) {
  const t = useT();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<{ receiptIds: string[] }>();
  const topUp = useMutation({
    mutationFn: (receiptIds: string[]) =>
      unwrap(api.POST("/pledges/{id}/top-up", { params: { path: { id: loan.id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { receiptIds } })),
    onSuccess: () => {
      void message.success(t("pledges.topUp.done"));
      form.resetFields();
      refresh();
    },
  });
  return (
    <Form name="pledge-top-up" form={form} layout="vertical" onFinish={(f) => topUp.mutate(f.receiptIds)}>
      <Form.Item name="receiptIds" label={t("pledges.topUp.receipts")} rules={[{ required: true, message: t("pledges.rule.receipts") }]} extra={t("pledges.topUp.help")}>
        <ReceiptPicker commodity={loan.commodity} />
      </Form.Item>
      <ProblemAlert error={topUp.error ?? undefined} />
      <Button type="primary" htmlType="submit" loading={topUp.isPending} style={{ marginTop: 8 }}>
        {t("pledges.topUp.submit")}
      </Button>
    </Form>
  );
}

function WithdrawButton({ loan }: { loan: Loan }) {
  const t = useT();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const withdraw = useMutation({
    mutationFn: () => unwrap(api.POST("/pledges/{id}/cancel", { params: { path: { id: loan.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("pledges.withdrawn"));
      refresh();
    },
  });
  return (
    <Space orientation="vertical">
      <Button danger loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
        {t("pledges.withdraw")}
      </Button>
      <ProblemAlert error={withdraw.error ?? undefined} />
    </Space>
  );
}

/** 动态估值: values the loan at today's price now, rather than waiting for the daily check. */
export function CheckButton({ loan }: { loan: Loan }) {
  const t = useT();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const check = useMutation({
    mutationFn: () => unwrap(api.POST("/pledges/{id}/check", { params: { path: { id: loan.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: (r) => {
      const ratio = r.check.ratioBps === null ? "" : formatRate(Number(r.check.ratioBps));
      void message.info(t(`pledges.check.${r.check.outcome}`, { ratio }));
      refresh();
    },
  });
  return (
    <Space orientation="vertical">
      <Button loading={check.isPending} onClick={() => check.mutate()}>
        {t("pledges.check.submit")}
      </Button>
      <ProblemAlert error={check.error ?? undefined} />
    </Space>
  );
}

export function LoanActions({ loan }: { loan: Loan }) {
  const t = useT();
  const access = useAccess();
  const org = access.me.organisation.id;
  const borrower = loan.borrower.id === org && access.can("POST /pledges/{id}/repay");
  const bank = loan.bank.id === org && access.can("POST /pledges/{id}/drawdown");
  const bankSteps = loan.status === "requested" || loan.status === "active" || loan.status === "defaulted";
  return (
    <Row gutter={[16, 16]}>
      {bank && bankSteps && (
        <Col xs={24}>
          <Card title={title(t("pledges.bank.title"))}>
            <BankActions loan={loan} />
          </Card>
        </Col>
      )}
      {borrower && loan.status === "requested" && (
        <Col xs={24}>
          <Card title={title(t("pledges.withdraw"))}>
            <WithdrawButton loan={loan} />
          </Card>
        </Col>
      )}
      {borrower && (loan.status === "active" || loan.status === "defaulted") && (
        <Col xs={24} lg={12}>
          <Card title={title(t("pledges.repay.title"))}>
            <RepayForm loan={loan} />
          </Card>
        </Col>
      )}
      {borrower && loan.status === "active" && (
        <Col xs={24} lg={12}>
          <Card title={title(t("pledges.topUp.title"))}>
            <TopUpForm loan={loan} />
          </Card>
        </Col>
      )}
    </Row>
  );
}
