import { Tag } from "antd";
import { useT } from "../../i18n/language";
import type { RequestStatus } from "./types";

const COLOUR: Partial<Record<RequestStatus, string>> = { open: "blue", accepted: "gold", approving: "gold", executed: "green", declined: "red", expired: "default" };

export function StatusTag({ status }: { status: RequestStatus }) {
  const t = useT();
  return <Tag color={COLOUR[status]}>{t(`financing.status.${status}`)}</Tag>;
}
