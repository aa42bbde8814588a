import type { PageRoute } from "../route";

export const settlementPages: PageRoute[] = [];
