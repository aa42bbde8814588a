export const notifications = {
  "notifications.menu": "消息通知",
} as const;
