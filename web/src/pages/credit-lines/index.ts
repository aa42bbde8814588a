import type { PageRoute } from "../route";

export const creditLinesPages: PageRoute[] = [];
