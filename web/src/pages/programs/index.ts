import { lazy } from "react";
import type { PageRoute } from "../route";

export const programsPages: PageRoute[] = [
  {
    path: "programs",
    label: "programs.menu",
    // A core enterprise's own program; its lists are readable only by the core itself, the operator and the regulator.
    visible: (a) => a.is("core") && a.can("GET /programs/{coreOrgId}/rules"),
    page: lazy(() => import("./ProgramsPage").then((m) => ({ default: m.ProgramsPage }))),
  },
];
