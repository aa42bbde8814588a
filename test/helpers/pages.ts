/** Walking a paged list through the API, and what every list promises about its pages. */
import { expect } from "vitest";
import type { TestApi } from "./api";

type Item = Record<string, unknown>;

/** Every item of `path`, `limit` at a time, checking each page's size on the way. */
export async function walkPages(api: TestApi, path: string, headers: Record<string, string>, limit: number): Promise<Item[]> {
  const items: Item[] = [];
  for (let cursor: string | null = null, pages = 0; ; pages++) {
    const res: { status: number; body: { items: Item[]; nextCursor: string | null } } = await api
      .http()
      .get(`${path}${path.includes("?") ? "&" : "?"}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`)
      .set(headers);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
    expect(pages, `${path} does not end`).toBeLessThan(1000);
  }
}

/** Walking small pages gives exactly the one big page: every item once, none missing, in the same order. */
export async function expectPagesJoinUp(api: TestApi, path: string, headers: Record<string, string>, keyOf: (item: Item) => string): Promise<Item[]> {
  const whole = await walkPages(api, path, headers, 100);
  const walked = await walkPages(api, path, headers, 2);
  expect(walked.map(keyOf)).toEqual(whole.map(keyOf));
  expect(new Set(walked.map(keyOf)).size).toBe(walked.length);
  return walked;
}

/** Newest first: by `createdAt` descending, then id descending among equal times. */
export function expectNewestFirst(items: Item[], at: (item: Item) => string = (i) => String(i.createdAt)): void {
  const key = (i: Item) => [at(i), String(i.id)] as const;
  for (let n = 1; n < items.length; n++) {
    const [a, b] = [key(items[n - 1]), key(items[n])];
    expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]), `${JSON.stringify(a)} before ${JSON.stringify(b)}`).toBe(true);
  }
}
