export const creditLines = {
  "creditLines.menu": "授信额度",
} as const;
