/** What each rule's alert says, in Chinese and in English, from its facts. */
import type { AlertFacts, AlertRule } from "./alert-draft";

type Explain = (f: AlertFacts) => { "zh-CN": string; "en-US": string };

/** Yuan as a finance user reads it: ¥1,234,567.89 (the facts keep the API's plain decimal string). */
const y = (yuan = "") => {
  const [whole, ...cents] = yuan.split(".");
  return `¥${whole.replace(/\B(?=(\d{3})+$)/g, ",")}${cents.map((c) => `.${c}`).join("")}`;
};
/** "1 voucher", "2 vouchers". */
const count = (n: string | undefined, noun: string) => `${n} ${noun}${n === "1" ? "" : "s"}`;

/** Grams as tonnes to the kilogram: "25000000" → "25.000". */
const t = (grams = "0") => (Number(grams) / 1_000_000).toFixed(3);
/** Receipt ids as a list: "3,4" → "3, 4". */
const receipts = (list = "") => list.split(",").join(", ");
/** "receipt 3", "receipts 3, 4". */
const receiptsEn = (list = "") => `receipt${list.includes(",") ? "s" : ""} ${receipts(list)}`;

const DEVICE_KIND_ZH: Partial<Record<string, string>> = { "weighing-platform": "地磅", "climate-probe": "温湿度探头", "door-sensor": "门磁", "pallet-camera": "托盘计数摄像头" };

const EXPLANATIONS: Record<AlertRule, Explain> = {
  "credit-line-utilisation": (f) => ({
    "zh-CN": `授信额度已使用 ${f.utilisation}%（已用 ${y(f.used)}，额度 ${y(f.limit)}），达到 ${f.threshold}% 预警线`,
    "en-US": `The credit line is ${f.utilisation}% used (${y(f.used)} of ${y(f.limit)}), at or above the ${f.threshold}% warning line`,
  }),
  "maturity-unfunded": (f) => ({
    "zh-CN": `${f.maturity} 到期的应付款尚未足额备款（${f.withinDays} 天内到期）：应付 ${y(f.outstanding)}，已备 ${y(f.escrowed)}，尚缺 ${y(f.shortfall)}`,
    "en-US": `The payables maturing on ${f.maturity} (within ${f.withinDays} days) are not fully funded: ${y(f.outstanding)} owed, ${y(f.escrowed)} escrowed, ${y(f.shortfall)} short`,
  }),
  "slot-overdue": (f) => ({
    "zh-CN": `${f.maturity} 到期的应付款已逾期：尚缺 ${y(f.shortfall)} 未备款，涉及 ${f.holders} 家持有人`,
    "en-US": `The payables maturing on ${f.maturity} are overdue: ${y(f.shortfall)} is not funded, owed to ${count(f.holders, "holder")}`,
  }),
  "frozen-party-exposure": (f) => ({
    "zh-CN": `被冻结的机构仍持有 ${f.vouchers} 张凭证，价值 ${y(f.held)}`,
    "en-US": `A frozen organisation still holds ${count(f.vouchers, "voucher")} worth ${y(f.held)}`,
  }),
  "circular-passing": (f) => ({
    "zh-CN": `凭证 ${f.voucherId} 被转回其流转链上的前手（曾持有凭证 ${f.heldBeforeAs}），疑似循环流转`,
    "en-US": `Voucher ${f.voucherId} was passed back to an earlier holder in its own lineage (who held ${f.heldBeforeAs}): possible circular passing`,
  }),
  concentration: (f) => ({
    "zh-CN": `到 ${f.until} 为止 ${f.windowDays} 天内到期的 ${f.issues} 笔签发中，单一供应商获得 ${f.share}%（${y(f.received)} / ${y(f.issued)}），超过 ${f.threshold}% 集中度预警线`,
    "en-US": `One supplier received ${f.share}% (${y(f.received)} of ${y(f.issued)}) of the ${count(f.issues, "voucher")} issued maturing in the ${f.windowDays} days up to ${f.until}, above the ${f.threshold}% concentration line`,
  }),
  "invoice-reuse-refused": (f) => ({
    "zh-CN": `该机构 ${f.windowDays} 天内 ${f.attempts} 次试图使用已提交或已用尽的发票，均被拒绝`,
    "en-US": `The organisation tried ${count(f.attempts, "time")} within ${f.windowDays} days to use an invoice already submitted or fully used; each was refused`,
  }),
  "split-and-finance-burst": (f) => ({
    "zh-CN": `该持有人在 ${f.windowHours} 小时内融资 ${f.financings} 笔小额凭证（每笔不超过 ${y(f.pieceMax)}，均在收到后 ${f.receiptHours} 小时内融资），合计 ${y(f.amount)}，涉及 ${f.banks} 家银行，疑似拆分后集中融资`,
    "en-US": `The holder financed ${count(f.financings, "small piece")} (each at most ${y(f.pieceMax)}, each within ${f.receiptHours} hours of receiving it) inside ${f.windowHours} hours, ${y(f.amount)} in all with ${count(f.banks, "bank")}: a possible split-and-finance burst`,
  }),
  "device-silent": (f) => ({
    "zh-CN": `${f.bay} 仓位的${DEVICE_KIND_ZH[f.kind] ?? "设备"}${f.label ? `（${f.label}）` : ""}已 ${f.silentMinutes} 分钟没有读数，超过 ${f.threshold} 分钟预警线：该仓位暂无物联网监管${f.receipts ? `，仓单 ${receipts(f.receipts)} 处于风险中` : ""}`,
    "en-US": `The ${f.kind}${f.label ? ` (${f.label})` : ""} in bay ${f.bay} has sent nothing for ${f.silentMinutes} minutes, past the ${f.threshold}-minute line: the bay is not supervised${f.receipts ? `, and ${receiptsEn(f.receipts)} ${f.receipts.includes(",") ? "are" : "is"} at risk` : ""}`,
  }),
  "weight-shortfall": (f) => ({
    "zh-CN": `${f.bay} 仓位地磅称得 ${t(f.measuredGrams)} 吨，比其支持的仓单 ${receipts(f.receipts)} 记载的 ${t(f.recordedGrams)} 吨少 ${t(f.shortfallGrams)} 吨（${f.shortfall}%，容差 ${f.tolerance}%），其中已质押仓单 ${receipts(f.pledged)}：货物可能未经登记出库`,
    "en-US": `The weighing platform in bay ${f.bay} weighs ${t(f.measuredGrams)} t, ${t(f.shortfallGrams)} t (${f.shortfall}%, tolerance ${f.tolerance}%) below the ${t(f.recordedGrams)} t recorded by ${receiptsEn(f.receipts)} (pledged: ${receipts(f.pledged)}): goods may have left unrecorded`,
  }),
  "door-opened-without-delivery": (f) => ({
    "zh-CN": `${f.bay} 仓位存有已质押仓单 ${receipts(f.pledged)}，仓门被打开，而 ${f.windowHours} 小时内该仓位没有提货申请`,
    "en-US": `The door of bay ${f.bay}, which holds pledged ${receiptsEn(f.pledged)}, opened with no delivery of the bay's goods proposed in the last ${f.windowHours} hours`,
  }),
  "climate-out-of-range": (f) => ({
    "zh-CN": `${f.bay} 仓位温湿度超出 ${f.commodity} 的储存要求：${f.celsius}°C、相对湿度 ${f.humidity}%（要求 ${f.minCelsius}–${f.maxCelsius}°C，湿度不高于 ${f.maxHumidity}%），涉及仓单 ${receipts(f.receipts)}`,
    "en-US": `Bay ${f.bay} is at ${f.celsius}°C and ${f.humidity}% relative humidity, outside what ${f.commodity} needs (${f.minCelsius}–${f.maxCelsius}°C, at most ${f.maxHumidity}%): ${receiptsEn(f.receipts)}`,
  }),
  "invoice-reversed-after-use": (f) => ({
    "zh-CN": `发票 ${f.invoice}（${y(f.amount)}）在使用后被${f.outcome === "void" ? "作废" : "红冲"}：其支持的凭证 ${f.vouchers} 及其拆分、流转出的凭证已冻结流转与融资，待监管处置`,
    "en-US": `Invoice ${f.invoice} (${y(f.amount)}) was ${f.outcome === "void" ? "voided" : "reversed by a red-letter invoice"} after it was used: vouchers ${f.vouchers}, and every piece split or passed from them, are held from transfer and financing until the regulator resolves this`,
  }),
};

export const explain = (rule: AlertRule, facts: AlertFacts) => EXPLANATIONS[rule](facts);
