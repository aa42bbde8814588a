export const layout = {
  "layout.product": "赣链供应链金融",
  "layout.menu": "主菜单",
  "layout.openMenu": "打开主菜单",
  "layout.ledgerDay": "账本日期",
  "layout.language": "语言",
  "layout.signOut": "退出登录",
  "layout.pageFailed": "页面出错了，请刷新或换一个页面",
  "layout.notFound": "页面不存在",
  "layout.role.admin": "管理员",
  "layout.role.maker": "经办人",
  "layout.role.checker": "复核人",
} as const;
