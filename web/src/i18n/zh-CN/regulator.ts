export const regulator = {
  "regulator.menu": "监管",
} as const;
