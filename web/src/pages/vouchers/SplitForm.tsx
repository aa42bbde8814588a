/** 拆分: the holder cuts pieces of given amounts off a voucher and keeps them and the rest (to pass or finance each). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Space } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";

interface Fields {
  amounts: string[];
}

export function SplitForm({ voucherId }: { voucherId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const split = useMutation({
    mutationFn: (f: Fields) =>
      unwrap(
        api.POST("/vouchers/{id}/splits", {
          params: { path: { id: voucherId }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { amounts: f.amounts.map(amountValue) },
        }),
      ),
    onSuccess: (r) => {
      void message.success(t("vouchers.split.done", { ids: r.ids.map((id) => `#${id}`).join(", ") }));
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ["vouchers"] });
    },
  });
  return (
    <Form<Fields> name="split" form={form} layout="vertical" initialValues={{ amounts: [""] }} onFinish={(f) => split.mutate(f)}>
      <Form.List name="amounts">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="start" style={{ display: "flex" }}>
                <Form.Item name={field.name} label={t("vouchers.split.amount", { n: i + 1 })} rules={[amountRule(t)]}>
                  <AmountInput capitals />
                </Form.Item>
                {fields.length > 1 && (
                  <Button style={{ marginTop: 30 }} onClick={() => remove(field.name)}>
                    {t("vouchers.split.remove", { n: i + 1 })}
                  </Button>
                )}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add("")} style={{ marginBottom: 16 }}>
              {t("vouchers.split.add")}
            </Button>
          </>
        )}
      </Form.List>
      <ProblemAlert error={split.error ?? undefined} />
      <Button type="primary" htmlType="submit" loading={split.isPending} style={{ marginTop: 8, display: "block" }}>
        {t("vouchers.split.submit")}
      </Button>
    </Form>
  );
}
