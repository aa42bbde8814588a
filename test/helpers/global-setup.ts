import { ensureTemplate } from "./database";

/** Runs once before any test file: the PGlite template every test database is copied from. */
export default async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL) await ensureTemplate();
}
