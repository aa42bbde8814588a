import type { PageRoute } from "../route";

export const programsPages: PageRoute[] = [];
