/**
 * A bank's side of consented risk data: the organisations that consented to it, and a query of one's risk
 * profile, which pays the data-service fee. A refusal (the consent withdrawn or run out, the budget spent, the
 * registry down) shows in the user's language and the consents are read again.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Space, Typography } from "antd";
import { useState } from "react";
import { api, idempotencyKey, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useT } from "../../i18n/language";
import { BUDGET_KEY } from "./BudgetCard";
import { CONSENTS_KEY, ConsentsTable } from "./ConsentsTable";
import { QUERIES_KEY } from "./QueriesTable";
import { RiskProfileModal } from "./RiskProfileCard";
import type { Consent, RiskQuery } from "./types";

export function BankConsents() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const [shown, setShown] = useState<RiskQuery>();
  const query = useMutation({
    mutationFn: (c: Consent) =>
      unwrap(api.POST("/risk-data/queries", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { subjectOrgId: c.subject.id ?? "" } })),
    onSuccess: (q) => {
      setShown(q);
      void queries.invalidateQueries({ queryKey: QUERIES_KEY });
      void queries.invalidateQueries({ queryKey: BUDGET_KEY });
    },
    // What the page showed may be stale: the organisation may have withdrawn since.
    onError: () => void queries.invalidateQueries({ queryKey: CONSENTS_KEY }),
  });
  const mayQuery = access.can("POST /risk-data/queries");
  const subjectName = (c: Consent) => c.subject.name ?? c.subject.account;
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("privacy.consents.toMe")}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <ProblemAlert error={query.error ?? undefined} />
        <ConsentsTable
          title="privacy.consents.toMe"
          shows="subject"
          action={(c) =>
            c.status === "active" &&
            c.subject.id !== null && (
              <Button
                size="small"
                type="primary"
                disabled={!mayQuery}
                aria-label={t("privacy.consents.queryOf", { name: subjectName(c) })}
                loading={query.isPending && query.variables.id === c.id}
                onClick={() => query.mutate(c)}
              >
                {t("privacy.consents.query")}
              </Button>
            )
          }
        />
      </Space>
      <RiskProfileModal query={shown} onClose={() => setShown(undefined)} />
    </Card>
  );
}
