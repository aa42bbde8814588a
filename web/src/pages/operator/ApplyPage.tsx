/**
 * 申请入驻: a company applies to join the platform, before it has any account (POST /applications needs no
 * sign-in). The server checks the USCC's check character and answers USCC_INVALID or USCC_TAKEN; the form only
 * asks for what the API requires. Not routed from here: the sign-in page (the lead's) links to it.
 */
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Checkbox, Form, Input, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";

type Application = paths["/applications"]["post"]["requestBody"]["content"]["application/json"];
type ApplyKind = Application["kinds"][number];

const KINDS: ApplyKind[] = ["core", "supplier", "bank", "warehouse", "guarantor", "insurer"];

export function ApplyPage() {
  const t = useT();
  const apply = useMutation({
    mutationFn: (body: Application) => unwrap(api.POST("/applications", { body })),
  });
  return (
    <Card style={{ maxWidth: 560, margin: "24px auto" }}>
      <Typography.Title level={2}>{t("operator.apply.title")}</Typography.Title>
      {apply.data ? (
        <Alert type="success" showIcon title={t("operator.apply.done", { id: apply.data.id })} />
      ) : (
        <Form<Application>
          layout="vertical"
          onFinish={(v) => apply.mutate({ ...v, uscc: v.uscc.trim().toUpperCase(), nameEn: v.nameEn?.trim() || undefined })}
        >
          <Form.Item name="name" label={t("operator.org.name")} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t("operator.org.nameEn")} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="uscc"
            label={t("operator.org.uscc")}
            extra={t("operator.apply.usccHelp")}
            rules={[{ required: true, pattern: /^\s*[0-9A-Za-z]{18}\s*$/, message: t("operator.apply.usccShape") }]}
          >
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="kinds" label={t("operator.org.kinds")} rules={[{ required: true, type: "array", min: 1 }]}>
            <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: t(`operator.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name={["admin", "name"]} label={t("operator.apply.adminName")} rules={[{ required: true, whitespace: true }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item name={["admin", "email"]} label={t("operator.apply.adminEmail")} rules={[{ required: true, type: "email" }]}>
            <Input autoComplete="email" />
          </Form.Item>
          <Form.Item name={["admin", "password"]} label={t("operator.apply.adminPassword")} rules={[{ required: true, min: 12, message: t("operator.apply.passwordShort") }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <ProblemAlert error={apply.error ?? undefined} />
          <Button type="primary" htmlType="submit" loading={apply.isPending}>
            {t("operator.apply.submit")}
          </Button>
        </Form>
      )}
    </Card>
  );
}
