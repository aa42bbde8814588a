import type { PageRoute } from "../route";

export const financingPages: PageRoute[] = [];
