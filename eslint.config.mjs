// The lint that guards the house: typescript-eslint's strict type-checked rules, no import cycles,
// and the layer rules of docs/style.md ("Dependencies point one way"). `npm run lint` runs it.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";
import noTypeImportCycle from "./eslint/no-type-import-cycle.mjs";

const root = import.meta.dirname;

const TYPESCRIPT = [
  "api/**/*.ts",
  "chain/**/*.ts",
  "seeds/**/*.ts",
  "scripts/**/*.ts",
  "test/**/*.ts",
  "hardhat.config.ts",
  "prisma.config.ts",
  "vitest.config.mts",
];

// What each layer may not import, and who may. Messages name the layer that owns the import.
const PRISMA = [
  {
    regex: "^@prisma/|/generated/prisma(/|$)",
    message:
      "Prisma belongs to the repositories (api/src/**/*.repository.ts, the indexer store) and api/src/db/**; " +
      "other code asks a repository for plain objects.",
  },
  {
    regex: "/db/database$",
    importNames: ["Prisma"],
    message:
      "The Prisma type belongs to the repositories (api/src/**/*.repository.ts, the indexer store) and api/src/db/**.",
  },
];
const EXPRESS = [
  {
    regex: "^express(/|$)",
    message:
      "Express (req/res) belongs to the HTTP layer: api/src/**/*.routes.ts, api/src/http/**, api/src/app.ts and " +
      "api/src/server.ts; services take plain arguments.",
  },
];
const LEDGER = [
  {
    regex: "^(ethers|hardhat)(/|$)|^@nomicfoundation/|^@hyperledger/",
    message:
      "ethers, Hardhat and the Fabric gateway belong under chain/ (tests and scripts may use them too); " +
      "product code talks to the ledger through the port in chain/ledger.ts.",
  },
];
const restrict = (...layers) => ["error", { patterns: layers.flat() }];

const REPOSITORIES = ["api/src/**/*.repository.ts", "api/src/db/**/*.ts"];
const HTTP = ["api/src/**/*.routes.ts", "api/src/http/**/*.ts", "api/src/app.ts", "api/src/server.ts"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "artifacts/**",
      "cache/**",
      "coverage/**",
      "typechain-types/**",
      "contracts/**",
      "web/**",
      // Generated: the Prisma client, and the ABI modules `hardhat compile` writes (chain/evm/abi-codegen.ts).
      "api/src/generated/**",
      "chain/evm/abi/**",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["**/*.mjs"],
    extends: [js.configs.recommended],
  },
  {
    files: TYPESCRIPT,
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked, ...tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { "import-x": importX, house: { rules: { "no-type-import-cycle": noTypeImportCycle } } },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
      "import-x/extensions": [".ts", ".mts"],
    },
    rules: {
      // allowNumber covers bigint too: ids, block numbers and counts print exactly; objects and undefined still may not.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `() => doIt()` as a callback is the idiom; a void value stored or returned from a block is still caught.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // `process.env.X || fallback` treats an empty variable as unset on purpose; `??` would keep "".
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
      "import-x/no-cycle": "error",
      "house/no-type-import-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: root,
          zones: [
            {
              target: ["api/**", "chain/**", "seeds/**"],
              from: ["test/**", "scripts/**"],
              message: "Product code never imports tests or scripts: they import it.",
            },
            {
              target: ["chain/**"],
              from: ["api/**", "seeds/**"],
              message: "chain/ sits below the API: api/ imports the ledger port, never the reverse.",
            },
            {
              target: ["api/src/**/*.repository.ts"],
              from: ["api/src/**/*.service.ts", "api/src/**/*.routes.ts"],
              message: "A repository is the bottom layer: services import repositories, never the reverse.",
            },
            {
              target: ["api/src/**/*.service.ts"],
              from: ["api/src/**/*.routes.ts"],
              message: "Routes import services, never the reverse.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // A test that asserts a row exists and then reads it would only repeat the assertion as a guard.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Two libraries hand the tests values typed `any` by their own declarations: supertest's `res.body` (the
    // JSON a route answered) and ethers' `Contract`, whose methods exist only at run time. What the tests read
    // from them is what they assert on, so typing each read would add a cast per assertion and check nothing.
    // Everywhere else, product code and the test helpers included, the unsafe-`any` rules stand.
    files: ["test/api/**/*.ts", "test/contracts/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  // Later blocks override earlier ones for the same rule, so each lists every restriction that still applies.
  { files: ["api/src/**/*.ts", "seeds/**/*.ts"], rules: { "no-restricted-imports": restrict(PRISMA, EXPRESS, LEDGER) } },
  { files: REPOSITORIES, rules: { "no-restricted-imports": restrict(EXPRESS, LEDGER) } },
  { files: HTTP, rules: { "no-restricted-imports": restrict(PRISMA, LEDGER) } },
  // The idempotency store is both: a repository inside the HTTP pipeline.
  { files: ["api/src/http/**/*.repository.ts"], rules: { "no-restricted-imports": restrict(LEDGER) } },
  { files: ["chain/**/*.ts"], rules: { "no-restricted-imports": restrict(PRISMA, EXPRESS) } },
);
