/**
 * Consents to query risk profiles, from where the reader stands: the organisation sees the banks it consented to
 * (and may withdraw), a bank the organisations that consented to it (and may query them), the regulator all.
 */
import type { ReactNode } from "react";
import { Tag } from "antd";
import { api, unwrap } from "../../api/client";
import { CursorTable } from "../../components/CursorTable";
import { formatDay, formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import type { MessageKey } from "../../i18n/keys";
import type { Consent } from "./types";

const STATUS_COLOUR: Record<Consent["status"], string> = { active: "green", withdrawn: "default", expired: "orange" };

export const CONSENTS_KEY = ["risk-data", "consents"];

interface Props {
  title: MessageKey;
  /** Which party a row names: the bank (for the organisation), the organisation (for a bank), or both. */
  shows: "bank" | "subject" | "both";
  action?: (c: Consent) => ReactNode;
}

export function ConsentsTable({ title, shows, action }: Props) {
  const t = useT();
  const name = (p: Consent["bank"]) => p.name ?? p.account;
  return (
    <CursorTable<Consent>
      aria-label={t(title)}
      rowKey="id"
      queryKey={CONSENTS_KEY}
      fetchPage={(cursor) => unwrap(api.GET("/risk-data/consents", { params: { query: { cursor, limit: 20 } } }))}
      locale={{ emptyText: t("privacy.consents.empty") }}
      columns={[
        ...(shows !== "bank" ? [{ title: t("privacy.consents.subject"), key: "subject", render: (_: unknown, c: Consent) => name(c.subject) }] : []),
        ...(shows !== "subject" ? [{ title: t("privacy.consents.bank"), key: "bank", render: (_: unknown, c: Consent) => name(c.bank) }] : []),
        { title: t("privacy.consents.until"), dataIndex: "until", render: formatDay },
        { title: t("common.status"), dataIndex: "status", render: (s: Consent["status"]) => <Tag color={STATUS_COLOUR[s]}>{t(`privacy.consents.status.${s}`)}</Tag> },
        { title: t("privacy.consents.grantedAt"), dataIndex: "createdAt", render: formatTime },
        ...(action ? [{ title: t("common.actions"), key: "actions", render: (_: unknown, c: Consent) => action(c) }] : []),
      ]}
    />
  );
}
