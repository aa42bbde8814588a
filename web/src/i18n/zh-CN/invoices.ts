export const invoices = {
  "invoices.menu": "发票",
} as const;
