export const settlement = {
  "settlement.menu": "到期兑付",
} as const;
