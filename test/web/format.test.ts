/**
 * Money, capitals, dates and rates as the console shows and reads them. Generated amounts check the properties
 * (a typed amount reads back to the same fen, formatting and parsing agree); the listed cases pin the Chinese
 * writing rules that a property cannot state.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capitals } from "../../web/src/format/capitals";
import { formatDay, formatRate, formatTime } from "../../web/src/format/date";
import { fenOf, formatYuan, parseYuanInput, yuanOf } from "../../web/src/format/money";

const fen = fc.bigInt({ min: 0n, max: 10n ** 17n });

describe("money", () => {
  it("when an amount is formatted, then it reads as ¥ with thousands separators and two decimals", () => {
    expect(formatYuan("1234567.89")).toBe("¥1,234,567.89");
    expect(formatYuan("1234567.8")).toBe("¥1,234,567.80");
    expect(formatYuan("0.01")).toBe("¥0.01");
    expect(formatYuan("100")).toBe("¥100.00");
    expect(formatYuan("-5.5")).toBe("-¥5.50");
  });

  it("when the text is not an amount, then it is shown as it came rather than as a wrong number", () => {
    expect(formatYuan("1e3")).toBe("1e3");
    expect(formatYuan("12.345")).toBe("12.345");
  });

  it("when a clerk types an amount as they write it, then the API's decimal string is sent", () => {
    expect(parseYuanInput("1234567.8")).toBe("1234567.80");
    expect(parseYuanInput("1,234,567.80")).toBe("1234567.80");
    expect(parseYuanInput(" ¥1,234,567.80 ")).toBe("1234567.80");
    expect(parseYuanInput("１２３４．５")).toBe("1234.50");
    expect(parseYuanInput("￥1，000")).toBe("1000.00");
    expect(parseYuanInput("9007199254740993.01")).toBe("9007199254740993.01");
  });

  it("when the text is not an amount with at most two decimals, then nothing is sent", () => {
    for (const bad of ["", "abc", "1.234", "1,23,456", "12,34", "-5", "1e5", "0x10", "1.2.3", ",100", "100,", "NaN", "Infinity", "1 000"]) {
      expect(parseYuanInput(bad), bad).toBeUndefined();
    }
  });

  it("when any amount is formatted and typed back, then the same fen arrive (no float on the way)", () => {
    fc.assert(
      fc.property(fen, (f) => {
        const api = yuanOf(f);
        expect(fenOf(api)).toBe(f);
        expect(parseYuanInput(formatYuan(api))).toBe(api);
        expect(parseYuanInput(api)).toBe(api);
      }),
    );
  });
});

describe("capitals (大写金额)", () => {
  const cases: [string, string][] = [
    ["0", "零元整"],
    ["0.05", "伍分"],
    ["0.50", "伍角"],
    ["1", "壹元整"],
    ["1.05", "壹元零伍分"],
    ["10", "壹拾元整"],
    ["10.50", "壹拾元伍角"],
    ["105", "壹佰零伍元整"],
    ["1005", "壹仟零伍元整"],
    ["1010", "壹仟零壹拾元整"],
    ["10000", "壹万元整"],
    ["10001", "壹万零壹元整"],
    ["101000", "壹拾万壹仟元整"],
    ["100100", "壹拾万零壹佰元整"],
    ["1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"],
    ["10000000", "壹仟万元整"],
    ["100000000", "壹亿元整"],
    ["100010000", "壹亿零壹万元整"],
    ["100001000", "壹亿零壹仟元整"],
    ["3000000.30", "叁佰万元叁角"],
  ];
  it.each(cases)("when the amount is %s, then it is written %s", (amount, written) => {
    expect(capitals(amount)).toBe(written);
  });

  it("when an amount is negative or not an amount, then there are no capitals", () => {
    expect(capitals("-1")).toBeUndefined();
    expect(capitals("1.234")).toBeUndefined();
  });

  it("when any amount is written, then it uses only capital numerals and units, ends in 整 or 分 or 角, and never doubles 零", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 17n }), (f) => {
        const text = capitals(yuanOf(f));
        expect(text).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
        expect(text).toMatch(/[整角分]$/);
        expect(text).not.toContain("零零");
        expect(text).not.toMatch(/零[元万亿]/);
      }),
    );
  });
});

describe("dates and rates", () => {
  it("when a calendar date or a timestamp is shown, then it is the China Standard Time day as YYYY-MM-DD", () => {
    expect(formatDay("2027-03-02")).toBe("2027-03-02");
    expect(formatDay("2027-03-01T16:00:00.000Z")).toBe("2027-03-02");
    expect(formatDay("2027-03-01T15:59:59.999Z")).toBe("2027-03-01");
    expect(formatTime("2027-03-01T16:05:00.000Z")).toBe("2027-03-02 00:05");
  });

  it("when a rate in basis points is shown, then it is a percentage with two decimals", () => {
    expect(formatRate(385)).toBe("3.85%");
    expect(formatRate(5)).toBe("0.05%");
    expect(formatRate(1200)).toBe("12.00%");
    expect(formatRate(0)).toBe("0.00%");
  });
});
