/**
 * Driver adapter factories for the schema engine (src/db/migrator.ts): PGlite's, also PrismaClient's, and the
 * PostgreSQL server's for migrations. PrismaClient on a server uses `new PrismaPg(pool)` as it is.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * pglite-prisma-adapter 0.7.2 with two fixes the schema engine needs:
 *  - its executeScript() fires `client.exec(script)` without awaiting it. A
 *    failing migration is then recorded in _prisma_migrations as APPLIED
 *    (finished_at set, nothing changed), and its error surfaces as an
 *    unhandled rejection, which kills a Node process. We await it here, so
 *    the migration is marked failed and applyMigrations() rejects.
 *  - its connectToShadowDb() opens a new in-memory PGlite and never closes
 *    it. We close it when the engine disposes of the shadow adapter.
 */
export function pgliteAdapter(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(db);
  const withAwaitedScripts = (adapter: SqlDriverAdapter, client: PGlite, onDispose?: () => Promise<void>) => {
    const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await client.exec(script);
      } catch (e) {
        onError(e);
      }
    };
    if (onDispose) adapter.dispose = onDispose;
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withAwaitedScripts(await inner.connect(), db),
    connectToShadowDb: async () => {
      const shadow = await PGlite.create();
      const adapter = await new PrismaPGlite(shadow).connect();
      return withAwaitedScripts(adapter, shadow, () => shadow.close());
    },
  };
}

/**
 * @prisma/adapter-pg 7.10's executeScript() splits a migration on every ";" and runs the pieces one by one: a
 * semicolon in a comment or a string literal breaks the migration on a server (PGlite, which runs the script
 * whole, never noticed), and a failure halfway leaves the first statements applied. Here the script goes to the
 * server as one simple query, which PostgreSQL parses itself and runs as one implicit transaction: all or nothing.
 */
export function postgresMigrationAdapter(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPg(pool);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
      adapter.executeScript = async (script: string) => {
        try {
          await pool.query(script);
        } catch (e) {
          onError(e);
        }
      };
      return adapter;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}
