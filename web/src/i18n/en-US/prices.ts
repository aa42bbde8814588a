import type { Catalogue } from "../keys";

export const prices = {
  "prices.menu": "Prices",
  "prices.title": "Commodity prices",
  "prices.table": "Daily prices",
  "prices.empty": "No price posted yet",
  "prices.commodity": "Commodity",
  "prices.day": "Day",
  "prices.yuanPerTonne": "Price (yuan/tonne)",
  "prices.publisher": "Published by",
  "prices.publishers": "Price publishers: {names}. One price per commodity a day, never rewritten once on the ledger",
  "prices.chart": "{commodity} price history",
  "prices.post.title": "Post today's price",
  "prices.post.submit": "Post",
  "prices.post.done": "Posted the {commodity} price of {day}",
} satisfies Catalogue<"prices">;
