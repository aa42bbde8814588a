import { tonnesOf } from "../format/quantity";
import { useT } from "../i18n/language";

/** Grams from the API, in tonnes, in figures that line up in a column. */
export function Quantity({ grams }: { grams: string | null | undefined }) {
  const t = useT();
  if (grams === null || grams === undefined) return <span>—</span>;
  return <span style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>{t("common.tonnes", { tonnes: tonnesOf(grams) })}</span>;
}
