import { describe, expect, it } from "vitest";
import { calendarDay, cstDay, cstDaysBetween, formatCalendarDay, formatCstDay } from "../../api/src/http/cst-day";

describe("days at the HTTP boundary", () => {
  it("when a day is given, then a maturity day is its 00:00 China Standard Time and an invoice day its 00:00 UTC", () => {
    expect(cstDay.parse("2027-03-31").toISOString()).toBe("2027-03-30T16:00:00.000Z");
    expect(calendarDay.parse("2027-03-31").toISOString()).toBe("2027-03-31T00:00:00.000Z");
    expect(cstDay.parse("2028-02-29").toISOString()).toBe("2028-02-28T16:00:00.000Z");
  });

  it.each(["2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-4-1", "2026-04-01T00:00:00Z", "20260401", ""])(
    "when %j is given, then it is refused, not rolled over",
    (text) => {
      expect(cstDay.safeParse(text).success).toBe(false);
      expect(calendarDay.safeParse(text).success).toBe(false);
    },
  );

  it("when an instant is formatted, then it is the day it falls on in China, whatever the UTC date", () => {
    expect(formatCstDay(new Date("2027-03-30T15:59:59.999Z"))).toBe("2027-03-30");
    expect(formatCstDay(new Date("2027-03-30T16:00:00.000Z"))).toBe("2027-03-31");
    expect(formatCalendarDay(new Date("2027-03-31T00:00:00.000Z"))).toBe("2027-03-31");
    for (const day of ["2026-01-01", "2026-12-31", "2028-02-29"]) {
      expect(formatCstDay(cstDay.parse(day))).toBe(day);
      expect(formatCalendarDay(calendarDay.parse(day))).toBe(day);
    }
  });

  it("when days between instants are counted, then CST days are counted, not 24-hour spans", () => {
    const lateEvening = new Date("2027-03-30T15:30:00.000Z"); // 23:30 CST on the 30th
    expect(cstDaysBetween(lateEvening, cstDay.parse("2027-03-31"))).toBe(1);
    expect(cstDaysBetween(lateEvening, cstDay.parse("2027-03-30"))).toBe(0);
    expect(cstDaysBetween(cstDay.parse("2027-04-30"), cstDay.parse("2027-03-31"))).toBe(-30);
  });
});
