/** A receipt's status, and 风险 when an IoT rule has put it at risk (only when the API says so). */
import { Space, Tag } from "antd";
import { useT } from "../../i18n/language";
import type { Receipt, ReceiptStatus } from "./types";

const COLOUR: Record<ReceiptStatus, string> = { active: "green", pledged: "blue", split: "default", delivered: "default", cancelled: "default" };

export function ReceiptMarks({ receipt }: { receipt: Pick<Receipt, "status" | "atRisk"> }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      <Tag color={COLOUR[receipt.status]}>{t(`receipts.status.${receipt.status}`)}</Tag>
      {receipt.atRisk && <Tag color="red">{t("receipts.atRisk")}</Tag>}
    </Space>
  );
}
