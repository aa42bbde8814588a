/**
 * 数据授权 / 风险数据: consented risk data from where the signed-in organisation stands. A core enterprise or
 * supplier gives and withdraws consents and sees the queries made about it; a bank sees the consents given to it,
 * queries profiles for a fee and keeps its fee budget; the operator sets the fee; the regulator and the operator
 * read everything.
 */
import { Card, Space, Typography } from "antd";
import { useAccess } from "../../auth/session-context";
import { useT } from "../../i18n/language";
import { BankConsents } from "./BankConsents";
import { BudgetCard } from "./BudgetCard";
import { ConsentsTable } from "./ConsentsTable";
import { DataFeeCard } from "./DataFeeCard";
import { QueriesTable } from "./QueriesTable";
import { SubjectConsents } from "./SubjectConsents";

export function RiskDataPage() {
  const t = useT();
  const access = useAccess();
  const subject = access.can("POST /risk-data/consents");
  const bank = access.is("bank");
  const overseer = access.is("regulator") || access.is("operator");
  const section = (title: Parameters<typeof t>[0], body: React.ReactNode) => (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t(title)}</Typography.Title>}>{body}</Card>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("privacy.riskData.title")}</Typography.Title>
      {subject && <Typography.Paragraph>{t("privacy.riskData.intro.subject")}</Typography.Paragraph>}
      {bank && <Typography.Paragraph>{t("privacy.riskData.intro.bank")}</Typography.Paragraph>}
      {overseer && <Typography.Paragraph>{t("privacy.riskData.intro.overseer")}</Typography.Paragraph>}
      {access.is("operator") && <DataFeeCard />}
      {subject && <SubjectConsents />}
      {subject && section("privacy.queries.aboutMe", <QueriesTable title="privacy.queries.aboutMe" shows="bank" />)}
      {bank && <BudgetCard />}
      {bank && <BankConsents />}
      {bank && section("privacy.queries.mine", <QueriesTable title="privacy.queries.mine" shows="subject" />)}
      {overseer && section("privacy.consents.title", <ConsentsTable title="privacy.consents.title" shows="both" />)}
      {overseer && section("privacy.queries.all", <QueriesTable title="privacy.queries.all" shows="both" />)}
    </Space>
  );
}
