/**
 * The layer rules of eslint.config.mjs, run on snippets that stand where a file of each layer would: proof that
 * each rule fires where the style guide forbids an import and stays quiet where it allows one.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

// The layer rules read import paths only: without type information (and the whole repository's TypeScript
// program) the check takes a second instead of a minute.
const LAYER_RULES = new Set(["no-restricted-imports", "import-x/no-restricted-paths"]);
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId),
});

/** The problems ESLint finds in `code` as if it were the file at `file`, which need not exist. */
async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId ?? "(parse)"}: ${m.message}`);
}

describe("the layer rules", () => {
  it("when a service imports Express, then the lint names the HTTP layer as the place for it", async () => {
    const found = await problems("api/src/vouchers/x.service.ts", 'import type { Request } from "express";\n');
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*api\/src\/\*\*\/\*\.routes\.ts, api\/src\/http\/\*\*/)]);
  });

  it("when routes, the HTTP pipeline, the app or the composition root import Express, then nothing is reported", async () => {
    for (const file of ["api/src/vouchers/x.routes.ts", "api/src/http/x.ts", "api/src/app.ts", "api/src/server.ts"]) {
      expect(await problems(file, 'import express from "express";\n'), file).toEqual([]);
    }
  });

  it("when a service or a route reaches for Prisma, then the lint names the repositories as the place for it", async () => {
    const prisma = [
      'import type { Prisma } from "../db/database";\n',
      'import { Prisma as Sql } from "../generated/prisma/client";\n',
      'import { PrismaPg } from "@prisma/adapter-pg";\n',
    ];
    for (const file of ["api/src/vouchers/x.service.ts", "api/src/vouchers/x.routes.ts", "api/src/x.ts"]) {
      for (const code of prisma) {
        expect(await problems(file, code), `${file}: ${code}`).toEqual([expect.stringMatching(/^no-restricted-imports: .*repositor/)]);
      }
    }
  });

  it("when a repository, the indexer store or the database module use Prisma, then nothing is reported", async () => {
    const code = 'import type { Prisma } from "../db/database";\nimport { Prisma as Sql } from "../generated/prisma/client";\n';
    for (const file of ["api/src/vouchers/x.repository.ts", "api/src/indexer/indexer.repository.ts", "api/src/http/idempotency.repository.ts"]) {
      expect(await problems(file, code), file).toEqual([]);
    }
    expect(await problems("api/src/db/x.ts", 'import { PrismaClient } from "../generated/prisma/client";\n')).toEqual([]);
  });

  it("when code outside a repository imports something else from the database module, then nothing is reported", async () => {
    expect(await problems("api/src/platform.ts", 'import { openDatabase, type Database } from "./db/database";\n')).toEqual([]);
  });

  it("when product code imports ethers or Hardhat, then the lint names chain/ as the place for them", async () => {
    for (const [file, code] of [
      ["api/src/vouchers/x.service.ts", 'import { getAddress } from "ethers";\n'],
      ["api/src/x.ts", 'import hre from "hardhat";\n'],
      ["seeds/x.ts", 'import { Wallet } from "ethers";\n'],
    ] as const) {
      expect(await problems(file, code), file).toEqual([expect.stringMatching(/^no-restricted-imports: .*under chain\//)]);
    }
  });

  it("when chain/, a test or a script imports ethers, then nothing is reported", async () => {
    for (const file of ["chain/evm/x.ts", "test/chain/x.test.ts", "scripts/x.ts"]) {
      expect(await problems(file, 'import { Wallet } from "ethers";\n'), file).toEqual([]);
    }
  });

  it("when the API imports a test helper or a script, then the lint reports it", async () => {
    expect(await problems("api/src/x.ts", 'import { testApi } from "../../test/helpers/api";\n')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*never imports tests or scripts/),
    ]);
    expect(await problems("api/src/x.ts", 'import { fen } from "../../scripts/demo/story";\n')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: /),
    ]);
  });

  it("when chain/ imports from the API, then the lint reports it", async () => {
    expect(await problems("chain/x.ts", 'import { toFen } from "../api/src/money";\n')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*chain\/ sits below the API/),
    ]);
  });

  it("when a repository imports a service or routes, or a service imports routes, then the lint reports it", async () => {
    expect(await problems("api/src/vouchers/x.repository.ts", 'import { VoucherService } from "./voucher.service";\n')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*A repository is the bottom layer/),
    ]);
    expect(await problems("api/src/vouchers/x.repository.ts", 'import { voucherRoutes } from "./voucher.routes";\n')).toHaveLength(1);
    expect(await problems("api/src/vouchers/x.service.ts", 'import { voucherRoutes } from "./voucher.routes";\n')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*Routes import services/),
    ]);
  });

  it("when routes import a service and a service imports a repository, then nothing is reported", async () => {
    expect(await problems("api/src/vouchers/x.routes.ts", 'import { VoucherService } from "./voucher.service";\n')).toEqual([]);
    expect(await problems("api/src/vouchers/x.service.ts", 'import { VoucherRepository } from "./voucher.repository";\n')).toEqual([]);
  });
});
