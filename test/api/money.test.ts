import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatYuan, MAX_FEN, MoneyFormatError, parseYuan } from "../../api/src/money";

describe("money at the HTTP boundary", () => {
  it.each([
    ["0", 0n],
    ["0.5", 50n],
    ["0.05", 5n],
    ["1250000.50", 125000050n],
    ["10000000", 1_000_000_000n],
    ["184467440737095516.15", MAX_FEN],
  ])("when %s yuan is given, then it is %s fen", (yuan, fen) => {
    expect(parseYuan(yuan)).toBe(fen);
  });

  it.each([
    ["a JSON number", 12.5],
    ["a bigint", 10n],
    ["three decimals", "1.005"],
    ["a negative amount", "-1.00"],
    ["a plus sign", "+1"],
    ["an exponent", "1e3"],
    ["a leading zero", "01.00"],
    ["a trailing dot", "1."],
    ["a leading dot", ".5"],
    ["spaces", " 1.00"],
    ["a thousands separator", "1,000.00"],
    ["full-width digits", "１００"],
    ["more than the ledger holds", "184467440737095516.16"],
    ["nothing", ""],
  ])("when the amount is %s, then MoneyFormatError", (_, value) => {
    expect(() => parseYuan(value)).toThrow(MoneyFormatError);
  });

  it("when any amount of fen is formatted and parsed back, then it is the same to the fen", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_FEN }), (fen) => {
        const text = formatYuan(fen);
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(parseYuan(text)).toBe(fen);
      }),
      { numRuns: 2_000 },
    );
  });

  it("when fen are formatted, then there are always exactly two decimals", () => {
    expect(formatYuan(0n)).toBe("0.00");
    expect(formatYuan(5n)).toBe("0.05");
    expect(formatYuan(125000050n)).toBe("1250000.50");
    expect(formatYuan(-150n)).toBe("-1.50");
  });
});
