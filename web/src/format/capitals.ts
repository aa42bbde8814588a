/**
 * An amount in Chinese capitals (大写金额), as cheques and confirmations write it under the 支付结算办法 rules:
 * 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分; "整" after 元 when there are no jiao or fen; one 零 for each run of zeros
 * inside the number (left unwritten where the rules allow it, after a 万 or 亿 whose next place is not zero), none
 * at its end.
 */
import { fenOf } from "./money";

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const PLACES = ["", "拾", "佰", "仟"];
const GROUPS = ["", "万", "亿", "万亿", "亿亿"];

/** A group of four digits (1 to 9999), without a leading 零. */
function group(n: number): string {
  let out = "";
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const d = Math.floor(n / 10 ** place) % 10;
    if (d === 0) {
      zero = out !== "";
      continue;
    }
    if (zero) out += "零";
    out += DIGITS.charAt(d) + (PLACES[place] ?? "");
    zero = false;
  }
  return out;
}

function yuanPart(yuan: bigint): string {
  const groups: number[] = [];
  for (let rest = yuan; rest > 0n; rest /= 10000n) groups.push(Number(rest % 10000n));
  if (groups.length > GROUPS.length) throw new RangeError("amount too large for capitals");
  let out = "";
  let zeroBefore = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] ?? 0;
    if (g === 0) {
      zeroBefore = out !== "";
      continue;
    }
    if (out !== "" && (zeroBefore || g < 1000)) out += "零";
    out += group(g) + (GROUPS[i] ?? "");
    // A zero at the end of a group is covered by its unit (壹拾万壹仟): the rules let it go unwritten.
    zeroBefore = false;
  }
  return out;
}

/** "1234567.89" → "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"; undefined for text that is not a non-negative amount. */
export function capitals(amount: string): string | undefined {
  const fen = fenOf(amount);
  if (fen === undefined || fen < 0n) return undefined;
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const cents = Number(fen % 10n);
  if (fen === 0n) return "零元整";
  let out = yuan > 0n ? `${yuanPart(yuan)}元` : "";
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS.charAt(jiao)}角`;
  else if (yuan > 0n) out += "零";
  if (cents > 0) out += `${DIGITS.charAt(cents)}分`;
  return out;
}
