/**
 * 商品价格: each commodity's daily price as posted on the ledger, which values every pledge loan. Everyone reads the
 * history (a line and the table); an appointed publisher's user posts today's price, once a day, never rewritten.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, Segmented, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { AmountInput, amountRule, amountValue } from "../../components/AmountInput";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { EChart } from "../regulator/EChart";
import { commodityRule } from "../receipts/rules";
import { priceOption } from "./price-chart";

type Price = paths["/prices"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

function PostPriceForm({ commodity }: { commodity?: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ commodity: string; price: string }>();
  const post = useMutation({
    mutationFn: (f: { commodity: string; price: string }) => unwrap(api.POST("/prices", { body: { commodity: f.commodity.trim(), yuanPerTonne: amountValue(f.price) } })),
    onSuccess: (p) => {
      void message.success(t("prices.post.done", { commodity: p.commodity, day: p.day }));
      form.resetFields(["price"]);
      void queries.invalidateQueries({ queryKey: ["prices"] });
    },
  });
  return (
    <Form name="post-price" form={form} layout="inline" initialValues={{ commodity: commodity ?? "LI2CO3" }} onFinish={(f) => post.mutate(f)}>
      <Form.Item name="commodity" label={t("prices.commodity")} rules={[commodityRule(t)]}>
        <Input autoComplete="off" maxLength={16} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="price" label={t("prices.yuanPerTonne")} rules={[amountRule(t)]}>
        <AmountInput />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={post.isPending}>
        {t("prices.post.submit")}
      </Button>
      <div style={{ width: "100%", marginTop: 8 }}>
        <ProblemAlert error={post.error ?? undefined} />
      </div>
    </Form>
  );
}

export function PricesPage() {
  const t = useT();
  const access = useAccess();
  const recent = useQuery({ queryKey: ["prices", "recent"], queryFn: () => unwrap(api.GET("/prices", { params: { query: { limit: 100 } } })) });
  const publishers = useQuery({ queryKey: ["prices", "publishers"], queryFn: () => unwrap(api.GET("/prices/publishers")) });
  const commodities = useMemo(() => [...new Set((recent.data?.items ?? []).map((p) => p.commodity))].sort(), [recent.data]);
  const [chosen, setChosen] = useState<string>();
  const commodity = chosen ?? commodities[0];
  const history = useQuery({
    queryKey: ["prices", commodity, "history"],
    enabled: commodity !== undefined,
    queryFn: () => unwrap(api.GET("/prices", { params: { query: { commodity, limit: 100 } } })),
  });
  const option = useMemo(() => priceOption(history.data?.items ?? [], commodity ?? ""), [history.data, commodity]);
  const publishes = access.can("POST /prices") && (publishers.data?.items ?? []).some((p) => p.id === access.me.organisation.id);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("prices.title")}</Typography.Title>
      <Typography.Text type="secondary">
        {t("prices.publishers", { names: (publishers.data?.items ?? []).map((p) => p.name ?? p.account).join("、") || "—" })}
      </Typography.Text>
      {publishes && (
        <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("prices.post.title")}</Typography.Title>}>
          <PostPriceForm commodity={commodity} />
        </Card>
      )}
      <ProblemAlert error={recent.error ?? undefined} />
      {commodities.length > 0 && (
        <Segmented<string> aria-label={t("prices.commodity")} value={commodity} onChange={setChosen} options={commodities} />
      )}
      {commodity !== undefined && (history.data?.items.length ?? 0) > 1 && (
        <Card size="small">
          <EChart option={option} height={240} label={t("prices.chart", { commodity })} />
        </Card>
      )}
      <CursorTable<Price>
        rowKey={(p) => `${p.commodity}-${p.day}`}
        aria-label={t("prices.table")}
        queryKey={["prices", commodity ?? "all", "table"]}
        fetchPage={(cursor) => unwrap(api.GET("/prices", { params: { query: { commodity, cursor, limit: 20 } } }))}
        locale={{ emptyText: t("prices.empty") }}
        columns={[
          { title: t("prices.day"), dataIndex: "day" },
          { title: t("prices.commodity"), dataIndex: "commodity" },
          { title: t("prices.yuanPerTonne"), dataIndex: "yuanPerTonne", align: "right", render: (v: string) => <Money value={v} /> },
          { title: t("prices.publisher"), key: "publisher", render: (_: unknown, p: Price) => p.publisher.name ?? p.publisher.account },
        ]}
      />
    </Space>
  );
}
