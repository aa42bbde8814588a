import type { Catalogue } from "../keys";

export const layout = {
  "layout.product": "GanChain SCF",
  "layout.menu": "Main menu",
  "layout.openMenu": "Open the menu",
  "layout.ledgerDay": "Ledger day",
  "layout.language": "Language",
  "layout.signOut": "Sign out",
  "layout.pageFailed": "This page failed; reload it or open another one",
  "layout.meFailed": "Your account could not be read; try again in a moment",
  "layout.retry": "Try again",
  "layout.notFound": "No such page",
  "layout.role.admin": "Administrator",
  "layout.role.maker": "Maker",
  "layout.role.checker": "Checker",
} satisfies Catalogue<"layout">;
