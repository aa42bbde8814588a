/**
 * The console's antd theme. antd's default secondary and placeholder greys (45% and 25% black) fall below the
 * 4.5:1 contrast WCAG asks of text; a clerk reading amounts and dates all day gets darker ones (axe-core checks
 * every page, test/web/accessibility.browser.test.ts).
 */
import type { ThemeConfig } from "antd";

export const THEME: ThemeConfig = {
  token: {
    colorPrimary: "#c8102e",
    borderRadius: 4,
    colorTextSecondary: "rgba(0, 0, 0, 0.65)",
    colorTextDescription: "rgba(0, 0, 0, 0.65)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextQuaternary: "rgba(0, 0, 0, 0.6)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
    colorTextDisabled: "rgba(0, 0, 0, 0.58)",
  },
};
