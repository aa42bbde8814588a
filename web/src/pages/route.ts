/**
 * A page of the console and where it sits in the menu. Each area (pages/<area>/index.ts) lists its pages; the
 * menu and the router read those lists (pages/index.ts), and a page appears only to the users `visible` admits,
 * which asks access.ts, never the roles directly.
 */
import type { ComponentType, LazyExoticComponent, ReactNode } from "react";
import type { Access } from "../access";
import type { MessageKey } from "../i18n/keys";

export interface PageRoute {
  /** Under /console/, without a leading slash: "vouchers", "vouchers/:id". */
  path: string;
  label: MessageKey;
  icon?: ReactNode;
  /** Pages reached from another page (a detail) are routed but not in the menu. */
  inMenu?: boolean;
  visible(access: Access): boolean;
  page: LazyExoticComponent<ComponentType>;
}
