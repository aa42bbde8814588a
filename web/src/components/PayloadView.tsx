/**
 * A dual-control proposal as the checker reads it: each field of the payload the maker proposed, money as money,
 * times as times, a party by its name. The payload's shape belongs to each action kind on the server; this shows
 * any of them without a second copy of those shapes.
 */
import { Descriptions } from "antd";
import { formatTime } from "../format/date";
import { fenOf } from "../format/money";
import { isMessageKey } from "../i18n/catalogues";
import { useT } from "../i18n/language";
import { Money } from "./Money";

const MONEY_FIELD = /amount|limit|value|face|fee|net|interest|principal|total|due/i;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function rowsOf(value: unknown, prefix = ""): [string, unknown][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[prefix || "value", value]];
  const obj = value as Record<string, unknown>;
  if (typeof obj.name === "string") return [[prefix || "name", obj.name]];
  return Object.entries(obj).flatMap(([k, v]) => rowsOf(v, prefix ? `${prefix}.${k}` : k));
}

function shown(field: string, value: unknown) {
  if (typeof value === "string" && MONEY_FIELD.test(field) && fenOf(value) !== undefined) return <Money value={value} />;
  if (typeof value === "string" && TIME.test(value)) return formatTime(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  if (value === null || value === undefined) return "—";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function PayloadView({ payload }: { payload: unknown }) {
  const t = useT();
  // A field's name in the user's language (approvals.field.*); the field itself when the catalogue has none.
  const label = (field: string) => {
    const key = `approvals.field.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  const yesNo = (v: boolean) => t(v ? "common.yes" : "common.no");
  return (
    <Descriptions
      size="small"
      column={1}
      items={rowsOf(payload).map(([field, value]) => ({
        key: field,
        label: label(field),
        children: typeof value === "boolean" ? yesNo(value) : shown(field, value),
      }))}
    />
  );
}
