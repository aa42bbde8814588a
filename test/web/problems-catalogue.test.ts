/**
 * The console explains every refusal in the user's language: each stable code the API can answer (and the two the
 * console gives itself, for a network failure and an answer it cannot read) has a text in the problems catalogue
 * of every language, and no text is kept for a code nobody gives any more.
 */
import { describe, expect, it } from "vitest";
import { API_ERRORS } from "../../api/src/errors";
import { CONTRACT_ERRORS } from "../../chain/errors";
import { CONSOLE_PROBLEM_CODES } from "../../web/src/api/problem";
import { problems as en } from "../../web/src/i18n/en-US/problems";
import { problems as zh } from "../../web/src/i18n/zh-CN/problems";

/**
 * Codes the chain layer gives when a transaction failed outside a contract (chain/evm, chain/embedded, chain/fabric) and the API
 * passes on. They have no exported list: api/src/errors.ts names them as a type only.
 */
const CHAIN_FAILURE_CODES = [
  "SIGNER_UNKNOWN",
  "SIGNER_MISMATCH",
  "CHAIN_REJECTED",
  "CHAIN_TX_DROPPED",
  "LEDGER_REVERTED",
  // chain/fabric
  "LEDGER_CONFLICT",
  "LEDGER_INVALID_TRANSACTION",
  "LEDGER_UNSUPPORTED",
  "LEDGER_REJECTED",
];

const SERVER_CODES = [
  ...new Set([...Object.keys(API_ERRORS), ...Object.values(CONTRACT_ERRORS).map((e) => e.code), ...CHAIN_FAILURE_CODES, ...CONSOLE_PROBLEM_CODES]),
].sort();

const codesOf = (catalogue: Record<string, string>) =>
  Object.keys(catalogue)
    .map((k) => k.replace(/^problems\./, ""))
    .sort();

describe("the problems catalogue", () => {
  it.each([
    ["zh-CN", zh],
    ["en-US", en],
  ])("when the API can answer a code, then %s explains it, and it explains no code the API no longer gives", (_language, catalogue: Record<string, string>) => {
    const have = codesOf(catalogue);
    expect(SERVER_CODES.filter((c) => !have.includes(c)), "codes without a text").toEqual([]);
    expect(have.filter((c) => !SERVER_CODES.includes(c)), "texts for no code").toEqual([]);
    for (const [key, text] of Object.entries(catalogue)) expect(text.trim(), key).not.toBe("");
  });

  it("when a code is explained in Chinese, then the text is Chinese, not an English title left untranslated", () => {
    const untranslated = Object.entries(zh as Record<string, string>).filter(([, text]) => !/[\u4e00-\u9fff]/u.test(text));
    expect(untranslated).toEqual([]);
  });
});
