/**
 * 申请质押融资 (the owner's maker): pledge own receipts of one commodity to a bank and ask for a loan. The receipts
 * are locked at once; the bank's maker and checker then decide the drawdown. The page shows the bank's pledge rate
 * and today's posted price as facts; the limit (value × rate) is the server's to judge.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Descriptions, Form, Input, Modal } from "antd";
import type { Rule } from "antd/es/form";
import { useNavigate } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatRate } from "../../format/date";
import { useT } from "../../i18n/language";
import { OrgSelect } from "../invoices/OrgSelect";
import { dayRule } from "../invoices/rules";
import { bpsOfPercent } from "./rate";
import { ReceiptPicker, useOwnActiveReceipts } from "./ReceiptPicker";

interface Fields {
  receiptIds: string[];
  bankOrgId: string;
  amount: string;
  rate: string;
  maturity: string;
}

export function RequestPledgeModal({ open, onClose, receiptId }: { open: boolean; onClose: () => void; receiptId?: string }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  // Undefined until the form mounts, whatever antd's types say.
  const chosen = (Form.useWatch("receiptIds", form) as string[] | undefined) ?? [];
  const bank = Form.useWatch("bankOrgId", form) as string | undefined;
  const own = useOwnActiveReceipts();
  const commodity = own.data?.find((r) => chosen.includes(r.id))?.commodity;
  const rates = useQuery({
    queryKey: ["pledges", "rates", bank],
    enabled: bank !== undefined,
    queryFn: () => unwrap(api.GET("/pledges/rates", { params: { query: { bankOrgId: bank } } })),
  });
  const price = useQuery({
    queryKey: ["prices", commodity, "latest"],
    enabled: commodity !== undefined,
    queryFn: () => unwrap(api.GET("/prices", { params: { query: { commodity, limit: 1 } } })),
  });
  const bankRate = rates.data?.items.find((r) => r.commodity === commodity)?.rateBps;
  const latest = price.data?.items[0];
  const request = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/pledges", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: { receiptIds: f.receiptIds, bankOrgId: f.bankOrgId, amount: amountValue(f.amount), rateBps: bpsOfPercent(f.rate) ?? 0, maturity: f.maturity.trim() },
        }),
      ),
    onSuccess: (loan) => {
      void message.success(t("pledges.request.done", { id: loan.id }));
      void queries.invalidateQueries({ queryKey: ["pledges"] });
      void queries.invalidateQueries({ queryKey: ["receipts"] });
      form.resetFields();
      onClose();
      void navigate(`/pledges/${loan.id}`);
    },
  });
  const rateRule: Rule = { validator: (_r, v: string | undefined) => (v && bpsOfPercent(v) ? Promise.resolve() : Promise.reject(new Error(t("pledges.rule.rate")))) };
  return (
    <Modal
      open={open}
      title={t("pledges.request.title")}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: request.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        request.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Fields> name="request-pledge" form={form} layout="vertical" initialValues={{ receiptIds: receiptId ? [receiptId] : [] }} onFinish={(f) => request.mutate(f)}>
        <Form.Item name="receiptIds" label={t("pledges.request.receipts")} rules={[{ required: true, message: t("pledges.rule.receipts") }]}>
          <ReceiptPicker commodity={commodity} />
        </Form.Item>
        <Form.Item name="bankOrgId" label={t("pledges.bank")} rules={[{ required: true, message: t("pledges.rule.bank") }]}>
          <OrgSelect kinds={["bank"]} />
        </Form.Item>
        {commodity !== undefined && (
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: "price", label: t("pledges.request.price", { commodity }), children: latest ? <>{<Money value={latest.yuanPerTonne} />} ({latest.day})</> : t("pledges.request.noPrice") },
              ...(bank === undefined ? [] : [{ key: "rate", label: t("pledges.request.bankRate"), children: bankRate === undefined ? t("pledges.request.noRate") : formatRate(bankRate) }]),
            ]}
          />
        )}
        <Form.Item name="amount" label={t("pledges.amount")} rules={[amountRule(t)]}>
          <AmountInput capitals />
        </Form.Item>
        <Form.Item name="rate" label={t("pledges.request.rate")} rules={[rateRule]}>
          <Input inputMode="decimal" autoComplete="off" suffix="%" placeholder="5.20" />
        </Form.Item>
        <Form.Item name="maturity" label={t("pledges.maturity")} rules={[dayRule(t)]}>
          <Input placeholder="2027-06-30" autoComplete="off" maxLength={10} />
        </Form.Item>
      </Form>
      <ProblemAlert error={request.error ?? undefined} />
    </Modal>
  );
}
