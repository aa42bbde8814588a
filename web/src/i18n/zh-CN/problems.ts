export const problems = {
  "problems.menu": "错误",
} as const;
