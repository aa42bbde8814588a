/**
 * An amount field: the clerk types as they write ("1234567.8", "1,234,567.80"); the form holds the API's decimal
 * string. With `capitals`, the amount is repeated in Chinese capitals under the field, as a confirmation reads.
 */
import { Input, Typography } from "antd";
import type { Rule } from "antd/es/form";
import { capitals } from "../format/capitals";
import { parseYuanInput } from "../format/money";
import type { Translate } from "../i18n/language";

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  capitals?: boolean;
  "aria-label"?: string;
}

export function AmountInput({ value, onChange, capitals: showCapitals, ...rest }: Props) {
  const parsed = value === undefined ? undefined : parseYuanInput(value);
  const inCapitals = showCapitals && parsed ? capitals(parsed) : undefined;
  return (
    <>
      <Input {...rest} prefix="¥" inputMode="decimal" autoComplete="off" value={value} onChange={(e) => onChange?.(e.target.value)} />
      {inCapitals && (
        <Typography.Text type="secondary" data-testid="amount-capitals">
          {inCapitals}
        </Typography.Text>
      )}
    </>
  );
}

/** The form rule for an AmountInput: a positive amount with at most two decimals. */
export function amountRule(t: Translate): Rule {
  return {
    validator: (_rule, value: string | undefined) => {
      const parsed = value ? parseYuanInput(value) : undefined;
      return !parsed || /^0+\.00$/.test(parsed) ? Promise.reject(new Error(t("common.amount.invalid"))) : Promise.resolve();
    },
  };
}

/** The API's decimal string for a field the rule accepted. */
export function amountValue(typed: string): string {
  const parsed = parseYuanInput(typed);
  if (!parsed) throw new Error("amountValue before validation");
  return parsed;
}
