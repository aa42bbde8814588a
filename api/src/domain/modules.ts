/** Every domain module, in the order their routes are mounted. */
import type { DomainModuleFactory } from "./module";

export const DOMAIN_MODULES: DomainModuleFactory[] = [];
