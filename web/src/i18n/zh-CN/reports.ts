export const reports = {
  "reports.menu": "报表",
} as const;
