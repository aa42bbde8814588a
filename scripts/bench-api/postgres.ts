/**
 * BENCH_DATABASE_URL: the same benchmark with the server on a PostgreSQL server instead of PGlite, each run in a
 * database of its own, created empty (the server migrates it) and dropped at the end.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export async function freshDatabase(serverUrl: string): Promise<{ url: string; masterKey: string; drop(): Promise<void> }> {
  const name = `scf_bench_api_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    // With a database outside the data directory the server wants its master key given, not generated.
    masterKey: randomBytes(32).toString("hex"),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
