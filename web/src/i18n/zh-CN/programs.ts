export const programs = {
  "programs.menu": "流转规则",
} as const;
