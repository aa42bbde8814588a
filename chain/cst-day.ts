/**
 * The ledger's calendar. Maturities and expiries are 00:00 China Standard Time (UTC+8, no daylight saving) of
 * their day, and the contracts count a term in CST calendar days. This is that arithmetic, in one place, for
 * the HTTP boundary, the tests, the seeds and the scripts alike.
 */

export const DAY_MS = 86_400_000;
export const CST_OFFSET_MS = 8 * 3_600_000;

/** The CST calendar day on which `at` falls, counted in days from 1970-01-01 (CST). */
export const cstDayNumber = (at: Date): number => Math.floor((at.getTime() + CST_OFFSET_MS) / DAY_MS);

/** 00:00 China Standard Time, `days` calendar days after the CST day on which `at` falls (0: that day's). */
export const cstMidnightAfter = (at: Date, days: number): Date => new Date((cstDayNumber(at) + days) * DAY_MS - CST_OFFSET_MS);

/** Whether `at` is exactly 00:00 China Standard Time: the only instant the ledger takes as a maturity. */
export const isCstMidnight = (at: Date): boolean => cstMidnightAfter(at, 0).getTime() === at.getTime();

/** Whole CST days from the day `from` falls on to the day `to` falls on (negative when `to` is earlier). */
export const cstDaysBetween = (from: Date, to: Date): number => cstDayNumber(to) - cstDayNumber(from);

/** The China Standard Time day on which `at` falls, as YYYY-MM-DD. */
export const formatCstDay = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
