/**
 * A picker of my own active receipts, to pledge or to top a loan up with; with `commodity`, only that commodity's
 * (a loan is on one commodity). Shows each as its number, goods and tonnes.
 */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { api, unwrap } from "../../api/client";
import { useAccess } from "../../auth/session-context";
import { tonnesOf } from "../../format/quantity";
import { useT } from "../../i18n/language";
import type { Receipt } from "../receipts/types";

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  commodity?: string;
}

export function useOwnActiveReceipts() {
  const access = useAccess();
  return useQuery({
    queryKey: ["receipts", "active", "own"],
    queryFn: async (): Promise<Receipt[]> => {
      const page = await unwrap(api.GET("/receipts", { params: { query: { status: "active", limit: 100 } } }));
      return page.items.filter((r) => r.owner.id === access.me.organisation.id);
    },
  });
}

export function ReceiptPicker({ commodity, ...rest }: Props) {
  const t = useT();
  const receipts = useOwnActiveReceipts();
  const options = (receipts.data ?? [])
    .filter((r) => commodity === undefined || r.commodity === commodity)
    .map((r) => ({ value: r.id, label: `#${r.id} ${r.commodity} ${r.grade} · ${t("common.tonnes", { tonnes: tonnesOf(r.quantity) })}` }));
  return <Select {...rest} mode="multiple" showSearch={{ optionFilterProp: "label" }} loading={receipts.isPending} options={options} style={{ width: "100%" }} />;
}
