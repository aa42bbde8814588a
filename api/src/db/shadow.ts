/**
 * A throw-away, in-memory PGlite to serve as the schema engine's shadow
 * database when diffing the migrations directory against the schema. The
 * engine connects once for its probe query and once for the shadow; both go
 * to the same fresh database, so only one initdb is paid. `loadDataDir`
 * (a tarball from PGlite's dumpDataDir) skips initdb altogether.
 */
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { pgliteAdapter } from "./adapters";

export async function withPGliteShadow<T>(
  fn: (shadow: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
  opts: { loadDataDir?: Blob } = {},
): Promise<T> {
  const db = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  try {
    const base = pgliteAdapter(db);
    return await fn({ ...base, connectToShadowDb: () => base.connect() });
  } finally {
    await db.close();
  }
}
