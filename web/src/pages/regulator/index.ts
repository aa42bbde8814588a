import type { PageRoute } from "../route";

export const regulatorPages: PageRoute[] = [];
