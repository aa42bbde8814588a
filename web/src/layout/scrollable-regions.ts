/**
 * A table wider than the screen (a tablet, a long list of columns) scrolls sideways inside its own box. A keyboard
 * user can scroll only what can take focus, and antd does not make that box focusable: every such box on the
 * page is given a place in the tab order as it appears.
 */
import { useEffect } from "react";

const SCROLLING_BOXES = ".ant-table-content, .ant-table-body";

function focusable(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>(SCROLLING_BOXES)) {
    if (!box.hasAttribute("tabindex")) box.tabIndex = 0;
  }
}

export function useFocusableScrollingBoxes(): void {
  useEffect(() => {
    focusable(document);
    const observer = new MutationObserver(() => {
      focusable(document);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
    };
  }, []);
}
