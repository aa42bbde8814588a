import type { PageRoute } from "../route";

export const vouchersPages: PageRoute[] = [];
