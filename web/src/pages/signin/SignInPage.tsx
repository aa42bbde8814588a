/** Sign in with an email and password; a refusal says why in the user's language and keeps what was typed. */
import { Button, Card, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { useSession } from "../../auth/session-context";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useLanguage } from "../../i18n/language";
import { LanguageSwitch } from "../../components/LanguageSwitch";

interface Fields {
  email: string;
  password: string;
}

export function SignInPage() {
  const { t } = useLanguage();
  const { signIn } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (f: Fields) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(f.email.trim(), f.password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "#f5f5f5", padding: 16 }}>
      <Card style={{ width: 400, maxWidth: "100%" }}>
        <Space orientation="vertical" size="large" style={{ width: "100%" }}>
          <div>
            <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
              {t("signin.title")}
            </Typography.Title>
            <Typography.Text type="secondary">{t("signin.subtitle")}</Typography.Text>
          </div>
          <Form<Fields> layout="vertical" onFinish={(f) => void submit(f)} requiredMark={false}>
            <Form.Item label={t("signin.email")} name="email" rules={[{ required: true, type: "email", message: t("signin.email.invalid") }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t("signin.password")} name="password" rules={[{ required: true, message: t("signin.password.required") }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {error !== undefined && (
              <Form.Item>
                <ProblemAlert error={error} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t("signin.submit")}
            </Button>
          </Form>
          <Typography.Text>
            {t("signin.newcomer")} <Link to="/apply" style={{ textDecoration: "underline" }}>{t("signin.apply")}</Link>
          </Typography.Text>
          <LanguageSwitch />
        </Space>
      </Card>
    </main>
  );
}
