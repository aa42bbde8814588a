/**
 * The console's antd theme. antd's default secondary and placeholder greys (45% and 25% black) fall below the
 * 4.5:1 contrast WCAG asks of text; a clerk reading amounts and dates all day gets darker ones (axe-core checks
 * every page, test/web/accessibility.browser.test.ts).
 */
import type { ThemeConfig } from "antd";

export const THEME: ThemeConfig = {
  // Components' styles come from antd's prebuilt stylesheet (imported once in main.tsx), not from CSS-in-JS work
  // on every first render of a component: the frame and a page draw in about half the script time. The tokens
  // below still apply, as the CSS variables that stylesheet reads.
  zeroRuntime: true,
  token: {
    colorPrimary: "#c8102e",
    borderRadius: 4,
    colorTextSecondary: "rgba(0, 0, 0, 0.65)",
    colorTextDescription: "rgba(0, 0, 0, 0.65)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextQuaternary: "rgba(0, 0, 0, 0.6)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
    colorTextDisabled: "rgba(0, 0, 0, 0.58)",
    // Links, danger and status colours dark enough for text on white and on the page's grey.
    colorLink: "#0050b3",
    colorInfo: "#0958d9",
    colorError: "#cf1322",
    colorSuccess: "#237804",
    colorWarning: "#ad4e00",
    // The palettes Tag's preset colours draw their text from (the 7th shade of each).
    green: "#237804",
    orange: "#ad4e00",
    gold: "#ad6800",
    red: "#cf1322",
    volcano: "#ad2102",
    blue: "#0958d9",
    cyan: "#006d75",
    geekblue: "#1d39c4",
    purple: "#531dab",
    magenta: "#9e1068",
    lime: "#3f6600",
  },
};
