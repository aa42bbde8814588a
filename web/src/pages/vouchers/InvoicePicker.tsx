/**
 * The confirmed invoices a given seller addressed to me that still have value for vouchers: what backs an issue
 * (the tier-1 supplier's invoices to the core enterprise) or a pass (my supplier's invoices to me). The ledger
 * checks the cover again; this only offers what could back it.
 */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { api, unwrap } from "../../api/client";
import { formatYuan, fenOf } from "../../format/money";
import { useT } from "../../i18n/language";

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  sellerId: string | undefined;
  "aria-label"?: string;
}

export function InvoicePicker({ sellerId, ...rest }: Props) {
  const t = useT();
  const confirmed = useQuery({
    queryKey: ["invoices", "buyer", "confirmed"],
    queryFn: () => unwrap(api.GET("/invoices", { params: { query: { as: "buyer", status: "confirmed", limit: 100 } } })),
  });
  const options = (confirmed.data?.items ?? [])
    .filter((i) => i.seller.id === sellerId && (fenOf(i.ledger?.available ?? "0") ?? 0n) > 0n)
    .map((i) => ({ value: i.id, label: t("vouchers.transfer.invoiceOption", { number: i.number, available: formatYuan(i.ledger?.available ?? "0") }) }));
  return (
    <Select
      {...rest}
      mode="multiple"
      disabled={!sellerId}
      loading={confirmed.isPending}
      options={options}
      showSearch={{ optionFilterProp: "label" }}
      style={{ width: "100%" }}
    />
  );
}
