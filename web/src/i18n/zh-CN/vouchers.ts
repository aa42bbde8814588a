export const vouchers = {
  "vouchers.menu": "持有凭证",
} as const;
