import { Badge, Space } from "antd";
import { useT } from "../../i18n/language";

/** A voucher's financed and redeemed marks: a dot beside text in the body colour, which keeps its contrast. */
export function VoucherMarks({ financed, redeemed }: { financed: boolean; redeemed: boolean }) {
  const t = useT();
  return (
    <Space size={8}>
      {financed && <Badge status="processing" text={t("vouchers.financed")} />}
      {redeemed && <Badge status="success" text={t("vouchers.redeemed")} />}
    </Space>
  );
}
