import { lazyPage, type PageRoute } from "../route";

export const programsPages: PageRoute[] = [
  {
    path: "programs",
    label: "programs.menu",
    // A core enterprise's own program; its lists are readable only by the core itself, the operator and the regulator.
    visible: (a) => a.is("core") && a.can("GET /programs/{coreOrgId}/rules"),
    page: lazyPage(() => import("./ProgramsPage").then((m) => m.ProgramsPage)),
  },
];
