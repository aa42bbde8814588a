import type { PageRoute } from "../route";

export const reportsPages: PageRoute[] = [];
