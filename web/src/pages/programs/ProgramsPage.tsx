/**
 * 流转规则 (a core enterprise): its credit-passing rules, its supplier whitelist and its eligible banks. Every
 * change is dual control: the maker proposes here, a checker approves in 待我审批, and only then does the ledger
 * change.
 */
import { Alert, Col, Row, Space, Typography } from "antd";
import { Link } from "react-router";
import { useAccess } from "../../auth/session-context";
import { useT } from "../../i18n/language";
import { MembersCard } from "./MembersCard";
import { RulesCard } from "./RulesCard";

export function ProgramsPage() {
  const t = useT();
  const access = useAccess();
  const coreOrgId = access.me.organisation.id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{t("programs.title")}</Typography.Title>
      <Alert
        type="info"
        showIcon
        title={t("programs.dualControl")}
        action={access.can("GET /approvals") && <Link to="/approvals">{t("programs.toApprovals")}</Link>}
      />
      <RulesCard coreOrgId={coreOrgId} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <MembersCard coreOrgId={coreOrgId} list="suppliers" />
        </Col>
        <Col xs={24} lg={12}>
          <MembersCard coreOrgId={coreOrgId} list="banks" />
        </Col>
      </Row>
    </Space>
  );
}
