export const financing = {
  "financing.menu": "融资",
} as const;
