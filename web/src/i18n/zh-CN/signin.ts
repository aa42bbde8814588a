export const signin = {
  "signin.title": "登录供应链金融平台",
  "signin.subtitle": "核心企业、供应商、银行、运营方与监管机构的工作台",
  "signin.email": "邮箱",
  "signin.email.invalid": "请输入有效的邮箱地址",
  "signin.password": "密码",
  "signin.password.required": "请输入密码",
  "signin.newcomer": "还没有入驻平台？",
  "signin.apply": "申请入驻",
  "signin.back": "返回登录",
  "signin.submit": "登录",
} as const;
