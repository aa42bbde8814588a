/**
 * One disclosure as the bank reads it: for each invoice behind the voucher, the fields the holder opened, each
 * value as a finance user reads it (yuan, the party's name) with whether it leads to the commitment the ledger
 * holds now; an invoice that could not be opened says why in words.
 */
import { Alert, Card, Descriptions, Space, Tag, Typography } from "antd";
import { Money } from "../../components/Money";
import { formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import type { DisclosedInvoice, Disclosure, Opening } from "./types";

/** A committed value as a person reads it: fen as yuan, an account as its organisation, an invoice's identity as its number. */
function OpenedValue({ opening }: { opening: Opening }) {
  const t = useT();
  const { field, value } = opening;
  if (value === null || value === "") return <Typography.Text type="secondary">{t("privacy.disclosures.empty.value")}</Typography.Text>;
  // The API spells amounts in yuan and the invoice by its number beside the committed value (fen, the canonical key).
  if ((field === "amount" || field === "tax") && opening.display) return <Money value={opening.display} />;
  if (field === "seller" || field === "buyer") return <span>{opening.party?.name ?? value}</span>;
  if (field === "invoice" && opening.display) return <span>{opening.display}</span>;
  return <span style={{ wordBreak: "break-all" }}>{value}</span>;
}

export function VerifiedTag({ verified, whole }: { verified: boolean; whole?: boolean }) {
  const t = useT();
  const key = whole
    ? verified ? "privacy.disclosures.verified" : "privacy.disclosures.notVerified"
    : verified ? "privacy.disclosures.fieldVerified" : "privacy.disclosures.fieldNotVerified";
  return <Tag color={verified ? "green" : "red"}>{t(key)}</Tag>;
}

function InvoiceOpenings({ invoice }: { invoice: DisclosedInvoice }) {
  const t = useT();
  const title = t("privacy.disclosures.invoice", { voucher: invoice.voucherId });
  if (invoice.status !== "opened") {
    return <Alert type="warning" showIcon title={title} description={t(`privacy.disclosures.status.${invoice.status}`)} />;
  }
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      title={title}
      items={invoice.openings.map((o) => ({
        key: o.field,
        label: t(`privacy.field.${o.field}`),
        children: (
          <Space wrap>
            <OpenedValue opening={o} />
            <VerifiedTag verified={o.verified} />
          </Space>
        ),
      }))}
    />
  );
}

export function DisclosureCard({ disclosure: d }: { disclosure: Disclosure }) {
  const t = useT();
  const name = (p: Disclosure["holder"]) => p.name ?? p.account;
  return (
    <Card
      role="region"
      aria-label={t("privacy.disclosures.heading", { voucher: d.voucherId, holder: name(d.holder), bank: name(d.bank) })}
      title={
        <Typography.Title level={3} style={{ margin: 0, whiteSpace: "normal" }}>
          {t("privacy.disclosures.heading", { voucher: d.voucherId, holder: name(d.holder), bank: name(d.bank) })}
        </Typography.Title>
      }
      extra={<VerifiedTag verified={d.verified} whole />}
    >
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "at", label: t("privacy.disclosures.at"), children: formatTime(d.createdAt) },
            { key: "fields", label: t("privacy.disclosures.fields"), children: d.fields.map((f) => t(`privacy.field.${f}`)).join(t("privacy.disclosures.fieldSeparator")) },
            { key: "tx", label: t("privacy.disclosures.txHash"), children: <Typography.Text code copyable={{ text: d.txHash }}>{`${d.txHash.slice(0, 10)}…`}</Typography.Text> },
          ]}
        />
        {d.invoices.map((i) => (
          <InvoiceOpenings key={i.key} invoice={i} />
        ))}
      </Space>
    </Card>
  );
}
