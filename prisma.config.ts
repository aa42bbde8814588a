import { defineConfig } from "prisma/config";

// Used by `prisma generate` only. Migrations are made and applied through api/src/db/migrator.ts
// (the schema engine compiled to WebAssembly): the CLI's migrate commands need a native engine binary
// that these machines cannot download.
export default defineConfig({
  schema: "api/prisma/schema.prisma",
  migrations: { path: "api/prisma/migrations" },
});
