/** Risk-profile queries: a bank's own, or those made about my organisation (every one for the regulator), each with its fee and the profile shown. */
import { Button } from "antd";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { CursorTable } from "../../components/CursorTable";
import { Money } from "../../components/Money";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import type { MessageKey } from "../../i18n/keys";
import { RiskProfileModal } from "./RiskProfileCard";
import type { RiskQuery } from "./types";

export const QUERIES_KEY = ["risk-data", "queries"];

export function QueriesTable({ title, shows }: { title: MessageKey; shows: "bank" | "subject" | "both" }) {
  const t = useT();
  const [viewing, setViewing] = useState<RiskQuery>();
  const name = (p: RiskQuery["bank"]) => p.name ?? p.account;
  return (
    <>
      <CursorTable<RiskQuery>
        aria-label={t(title)}
        rowKey="id"
        queryKey={QUERIES_KEY}
        fetchPage={(cursor) => unwrap(api.GET("/risk-data/queries", { params: { query: { cursor, limit: 20 } } }))}
        locale={{ emptyText: t("privacy.queries.empty") }}
        columns={[
          ...(shows !== "subject" ? [{ title: t("privacy.queries.bank"), key: "bank", render: (_: unknown, q: RiskQuery) => name(q.bank) }] : []),
          ...(shows !== "bank" ? [{ title: t("privacy.queries.subject"), key: "subject", render: (_: unknown, q: RiskQuery) => name(q.subject) }] : []),
          { title: t("privacy.queries.at"), dataIndex: "createdAt", render: formatTime },
          { title: t("privacy.queries.fee"), dataIndex: "fee", align: "right", render: (f: string) => <Money value={f} /> },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, q: RiskQuery) => (
              <Button size="small" aria-label={t("privacy.queries.viewOf", { name: name(q.subject) })} onClick={() => setViewing(q)}>
                {t("privacy.queries.view")}
              </Button>
            ),
          },
        ]}
      />
      <RiskProfileModal query={viewing} onClose={() => setViewing(undefined)} />
    </>
  );
}
