import type { PageRoute } from "../route";

export const invoicesPages: PageRoute[] = [];
