/**
 * The house rule that import-x/no-cycle leaves out: type-only imports that close a cycle. Driven over a tiny
 * TypeScript project of its own, since the rule reads the import graph from the type-checked program.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import noTypeImportCycle from "../../eslint/no-type-import-cycle.mjs";

let dir: string;
const found = new Map<string, string[]>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "scf-lint-cycle-"));
  const files: Record<string, string> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "preserve", moduleResolution: "bundler", types: [] }, include: ["*.ts"] }),
    // Two modules that know each other's types only.
    "order.ts": 'import type { Invoice } from "./invoice";\nexport interface Order { invoices: Invoice[] }\n',
    "invoice.ts": 'import { type Order } from "./order";\nexport interface Invoice { order?: Order }\n',
    // A value import one way, a type import back: a cycle import-x/no-cycle does not see.
    "service.ts": 'import { save } from "./store";\nexport interface Row { id: string }\nexport const create = (id: string) => save({ id });\n',
    "store.ts": 'import type { Row } from "./service";\nexport const save = (row: Row) => row;\n',
    // Type imports that go one way only.
    "report.ts": 'import type { Order } from "./order";\nexport type Report = Order[];\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    baseConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: dir } },
        plugins: { house: { rules: { "no-type-import-cycle": noTypeImportCycle } } },
        rules: { "house/no-type-import-cycle": "error" },
      },
    ],
  });
  for (const result of await eslint.lintFiles(["*.ts"])) {
    found.set(path.basename(result.filePath), result.messages.map((m) => m.message));
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("no-type-import-cycle", () => {
  it("when two modules import each other's types, then both imports are reported with the cycle's route", () => {
    expect(found.get("order.ts")).toEqual([expect.stringContaining("order.ts → invoice.ts → order.ts")]);
    expect(found.get("invoice.ts")).toEqual([expect.stringContaining("invoice.ts → order.ts → invoice.ts")]);
  });

  it("when a type import closes a cycle of value imports, then the type import is reported and the value import left to import-x", () => {
    expect(found.get("store.ts")).toEqual([expect.stringContaining("store.ts → service.ts → store.ts")]);
    expect(found.get("service.ts")).toEqual([]);
  });

  it("when type imports go one way only, then nothing is reported", () => {
    expect(found.get("report.ts")).toEqual([]);
  });
});
