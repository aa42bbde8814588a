export const operator = {
  "operator.menu": "运营管理",
} as const;
