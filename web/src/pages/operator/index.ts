import type { PageRoute } from "../route";

export const operatorPages: PageRoute[] = [];
