/**
 * A dual-control proposal as the checker reads it: each field of the payload the maker proposed, money as money,
 * times as times, a party by its name. The payload's shape belongs to each action kind on the server; this shows
 * any of them without a second copy of those shapes.
 */
import { Descriptions } from "antd";
import { formatTime } from "../format/date";
import { fenOf } from "../format/money";
import { tonnesOf } from "../format/quantity";
import { isMessageKey } from "../i18n/catalogues";
import { useT } from "../i18n/language";
import { Money } from "./Money";

const MONEY_FIELD = /amount|limit|value|face|fee|net|interest|principal|total|due/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Goods in whole grams (receipts, weighing readings): shown in tonnes. */
const GRAMS_FIELD = /(^|\.)(quantity|weighed|grams)$/;
/** Fields whose value is a status the catalogue words: the receipt or loan a proposal is about. */
const STATUS_KEYS: Record<string, string> = { "receipt.status": "receipts.status.", "loan.status": "pledges.status." };
/** A device's clock in epoch milliseconds (measuredAt). */
const EPOCH_MS_FIELD = /(^|\.)\w+At$/;

function rowsOf(value: unknown, prefix = ""): [string, unknown][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[prefix || "value", value]];
  const obj = value as Record<string, unknown>;
  if (typeof obj.name === "string") return [[prefix || "name", obj.name]];
  return Object.entries(obj).flatMap(([k, v]) => rowsOf(v, prefix ? `${prefix}.${k}` : k));
}

function shown(field: string, value: unknown, tonnes: (grams: string) => string) {
  if ((typeof value === "string" || typeof value === "number") && GRAMS_FIELD.test(field) && /^\d+$/.test(String(value))) return tonnes(String(value));
  if (typeof value === "number" && EPOCH_MS_FIELD.test(field)) return formatTime(new Date(value).toISOString());
  if (typeof value === "string" && MONEY_FIELD.test(field) && fenOf(value) !== undefined) return <Money value={value} />;
  if (typeof value === "string" && TIME.test(value)) return formatTime(value);
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === "object")) return undefined;
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (value === null || value === undefined) return "—";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** `kind`, the action's: a field it names in its own way (a transfer's `to`) is labelled as that kind means it. */
export function PayloadView({ payload, kind }: { payload: unknown; kind?: string }) {
  const t = useT();
  // A field's name in the user's language (approvals.field.<kind>.* then approvals.field.*); the field itself when the catalogue has none.
  const label = (field: string) => {
    const own = `approvals.field.${kind ?? ""}.${field}`;
    if (kind !== undefined && isMessageKey(own)) return t(own);
    const key = `approvals.field.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  const yesNo = (v: boolean) => t(v ? "common.yes" : "common.no");
  const worded = (field: string, value: unknown) => {
    const key = `${STATUS_KEYS[field] ?? ""}${String(value)}`;
    return field in STATUS_KEYS && isMessageKey(key) ? t(key) : undefined;
  };
  const tonnes = (grams: string) => t("common.tonnes", { tonnes: tonnesOf(grams) });
  // A list of objects (a split's lots): one numbered line each, its fields as the payload's own.
  // (One block around them: a description's content lays its children out in a row.)
  const listed = (value: unknown[]) => (
    <div style={{ wordBreak: "break-all" }}>
      {value.map((v, i) => (
        <div key={i}>
          {i + 1}.{" "}
          {rowsOf(v).map(([f, x], n) => (
            <span key={f}>
              {n > 0 && "；"}
              {label(f)}: {shown(f, x, tonnes) ?? JSON.stringify(x)}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
  return (
    <Descriptions
      size="small"
      column={1}
      items={rowsOf(payload).map(([field, value]) => ({
        key: field,
        label: label(field),
        children: typeof value === "boolean" ? yesNo(value) : (worded(field, value) ?? (Array.isArray(value) && shown(field, value, tonnes) === undefined ? listed(value) : shown(field, value, tonnes))),
      }))}
    />
  );
}
