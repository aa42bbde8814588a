import type { PageRoute } from "../route";

export const cashPages: PageRoute[] = [];
