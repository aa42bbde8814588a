/**
 * A risk profile as a credit officer reads it: the figures the platform computed from its ledger records and the
 * business registry, in words and yuan; never the records behind them.
 */
import { Descriptions, Modal } from "antd";
import { Money } from "../../components/Money";
import { formatDay, formatTime } from "../../format/date";
import { formatYuan } from "../../format/money";
import { useT } from "../../i18n/language";
import type { RiskQuery } from "./types";

export function RiskProfileCard({ query }: { query: RiskQuery }) {
  const t = useT();
  const p = query.profile;
  const r = p.registry;
  const tally = (x: { count: number; amount: string }) => t("privacy.profile.tally", { count: x.count, amount: formatYuan(x.amount) });
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={[
        { key: "fee", label: t("privacy.profile.fee"), children: <Money value={query.fee} /> },
        { key: "computedAt", label: t("privacy.profile.computedAt"), children: formatTime(p.computedAt) },
        { key: "tenure", label: t("privacy.profile.tenure"), children: t("privacy.profile.tenureValue", { days: p.platformTenureDays, since: formatDay(p.onPlatformSince) }) },
        ...(r
          ? [
              { key: "years", label: t("privacy.profile.years"), children: t("privacy.profile.yearsValue", { years: r.yearsInBusiness, since: formatDay(r.establishedOn) }) },
              { key: "status", label: t("privacy.profile.registryStatus"), children: t(`privacy.profile.registryStatus.${r.status}`) },
              { key: "capital", label: t("privacy.profile.capital"), children: <Money value={r.registeredCapital} /> },
              { key: "grade", label: t("privacy.profile.taxGrade"), children: r.taxCreditGrade ?? t("privacy.profile.noGrade") },
            ]
          : [{ key: "registry", label: t("privacy.profile.years"), children: t("privacy.profile.noRegistry") }]),
        { key: "received", label: t("privacy.profile.received"), children: tally(p.vouchersReceived) },
        { key: "redeemed", label: t("privacy.profile.redeemed"), children: tally(p.vouchersRedeemed) },
        {
          key: "financing",
          label: t("privacy.profile.financing"),
          children: t("privacy.profile.financingValue", {
            requested: p.financing.requested,
            executed: p.financing.executed,
            amount: formatYuan(p.financing.executedAmount),
            declined: p.financing.declined,
          }),
        },
        { key: "overdue", label: t("privacy.profile.overdue"), children: t("privacy.profile.overdueValue", { asDebtor: p.overdue.asDebtor, held: p.overdue.heldAtOverdueMaturity }) },
      ]}
    />
  );
}

/** The profile of one query in a dialog, titled with the organisation it is about. */
export function RiskProfileModal({ query, onClose }: { query: RiskQuery | undefined; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={query !== undefined}
      title={query && t("privacy.profile.title", { name: query.subject.name ?? query.subject.account })}
      onCancel={onClose}
      footer={null}
      width={640}
    >
      {query && <RiskProfileCard query={query} />}
    </Modal>
  );
}
