export const cash = {
  "cash.menu": "资金账户",
} as const;
