/**
 * A pledge loan's status, and its margin as the newest valuation found it: 正常, 预警 (over the warning ratio) or
 * 补仓 (a margin call, with the ratio and the day it must be answered by). Colour is never the only sign: each tag
 * says its state in words.
 */
import { Space, Tag } from "antd";
import { formatRate, formatTime } from "../../format/date";
import { useT } from "../../i18n/language";
import type { Loan, LoanStatus, MarginState } from "./types";

const STATUS_COLOUR: Record<LoanStatus, string> = { requested: "gold", active: "blue", repaid: "green", cancelled: "default", defaulted: "red", seized: "volcano" };
const MARGIN_COLOUR: Record<MarginState, string> = { none: "green", warning: "orange", called: "red" };

export function LoanStatusTag({ status }: { status: LoanStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLOUR[status]}>{t(`pledges.status.${status}`)}</Tag>;
}

/** Only a drawn loan is valued: a request or a closed loan shows no margin. */
export function MarginTag({ loan, detailed = false }: { loan: Pick<Loan, "status" | "margin">; detailed?: boolean }) {
  const t = useT();
  if (loan.status !== "active" && loan.status !== "defaulted") return <span>—</span>;
  const { state, ratioBps, callDeadline } = loan.margin;
  return (
    <Space size={4} wrap>
      <Tag color={MARGIN_COLOUR[state]}>{t(`pledges.margin.${state}`)}</Tag>
      {ratioBps !== null && <Tag>{t("pledges.margin.ratio", { ratio: formatRate(Number(ratioBps)) })}</Tag>}
      {state === "called" && callDeadline !== null && (
        <Tag color="red">{t(detailed ? "pledges.margin.deadlineLong" : "pledges.margin.deadline", { deadline: formatTime(callDeadline) })}</Tag>
      )}
    </Space>
  );
}
