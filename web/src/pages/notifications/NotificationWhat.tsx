/** What a notification is about: the voucher, invoice or financing request it names, and its amounts as money. */
import { Space, Typography } from "antd";
import type { paths } from "../../api/schema";
import { Money } from "../../components/Money";
import { formatDay } from "../../format/date";
import { useT } from "../../i18n/language";
import type { MessageKey } from "../../i18n/keys";

export type Notification = paths["/notifications"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
type Data = Notification["data"];

/** The amounts a notification may carry, in the order a clerk reads them. */
const AMOUNTS: [keyof Data & string, MessageKey][] = [
  ["amount", "notifications.amount"],
  ["value", "notifications.value"],
  ["net", "notifications.net"],
  ["interest", "notifications.interest"],
  ["fee", "notifications.fee"],
  ["escrowed", "notifications.escrowed"],
];

/** A ledger hash is long; its ends are enough to tell two apart and to find it in full elsewhere. */
const shortHash = (h: string) => (h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h);

export function NotificationWhat({ data }: { data: Data }) {
  const t = useT();
  const names = [
    data.voucherId && t("notifications.voucher", { id: data.voucherId }),
    data.requestId && t("notifications.financing", { id: data.requestId }),
    data.invoiceKey && t("notifications.invoice", { key: shortHash(data.invoiceKey) }),
    data.maturity && t("notifications.maturity", { day: formatDay(data.maturity) }),
  ].filter(Boolean);
  return (
    <Space orientation="vertical" size={0}>
      {names.length > 0 && <Typography.Text strong>{names.join(" · ")}</Typography.Text>}
      {AMOUNTS.filter(([field]) => data[field] !== undefined).map(([field, label]) => (
        <span key={field}>
          {t(label)}: <Money value={data[field]} />
        </span>
      ))}
    </Space>
  );
}
