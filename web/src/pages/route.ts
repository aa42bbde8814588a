/**
 * A page of the console and where it sits in the menu. Each area (pages/<area>/index.ts) lists its pages; the
 * menu and the router read those lists (pages/index.ts), and a page appears only to the users `visible` admits,
 * which asks access.ts, never the roles directly.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
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
  page: LazyPage;
}

/** A page's code, loaded when first shown, or earlier by `preload` (the router asks before /me has answered). */
export type LazyPage = LazyExoticComponent<ComponentType> & { preload(): Promise<unknown> };

export function lazyPage(load: () => Promise<ComponentType>): LazyPage {
  // The bundler keeps one promise per module, so a preload and the later render share one download.
  return Object.assign(
    lazy(async () => ({ default: await load() })),
    { preload: load },
  );
}
