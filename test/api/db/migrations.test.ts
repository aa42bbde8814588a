/**
 * Migrations reach a PostgreSQL server through @prisma/adapter-pg, which splits a script at every semicolon,
 * even inside a comment or a string, and runs the pieces one by one. PGlite runs the script whole, so a stray
 * semicolon passes every PGlite test and breaks the first server start. This test finds one without a server.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../../api/src/db/database";

describe("the committed migrations", () => {
  it("when split at every semicolon as on a server, then each piece is whole: a semicolon only ends a line of SQL", () => {
    const stray: string[] = [];
    for (const dir of readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const lines = readFileSync(path.join(MIGRATIONS_DIR, dir.name, "migration.sql"), "utf8").split("\n");
      lines.forEach((line, i) => {
        const semicolon = line.indexOf(";");
        if (semicolon < 0) return;
        if (line.trimStart().startsWith("--") || semicolon !== line.trimEnd().length - 1) stray.push(`${dir.name}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(stray).toEqual([]);
  });
});
