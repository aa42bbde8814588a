/**
 * The catalogues: every key the Chinese catalogue defines has a text in English and the reverse, no text is
 * empty, each key belongs to the area (file) that holds it, and each `{name}` placeholder appears in both
 * languages, so that a switch of language never shows a raw key or loses a number.
 */
import { describe, expect, it } from "vitest";
import * as en from "../../web/src/i18n/en-US";
import * as zh from "../../web/src/i18n/zh-CN";

type Areas = Record<string, Record<string, string>>;

function keysOf(areas: Areas): string[] {
  return Object.values(areas).flatMap((a) => Object.keys(a));
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the console's catalogues", () => {
  it("when a key is in one language, then it is in the other", () => {
    const zhKeys = new Set(keysOf(zh));
    const enKeys = new Set(keysOf(en));
    expect([...zhKeys].filter((k) => !enKeys.has(k)), "missing in en-US").toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k)), "missing in zh-CN").toEqual([]);
  });

  it("when the areas are listed, then both languages have the same ones", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it.each([
    ["zh-CN", zh],
    ["en-US", en],
  ] as const)("when %s is read, then every key starts with its area and every text is non-empty", (_language, areas) => {
    for (const [area, messages] of Object.entries(areas as Areas)) {
      for (const [key, text] of Object.entries(messages)) {
        expect(key.startsWith(`${area}.`), `${key} in ${area}`).toBe(true);
        expect(text.trim(), key).not.toBe("");
      }
    }
  });

  it("when a text has placeholders, then its translation has the same ones", () => {
    const enFlat = Object.assign({}, ...Object.values(en)) as Record<string, string>;
    for (const [key, text] of Object.entries(Object.assign({}, ...Object.values(zh)) as Record<string, string>)) {
      expect(placeholders(enFlat[key] ?? ""), key).toEqual(placeholders(text));
    }
  });

  it("when the Chinese catalogue is read, then its texts are Chinese, not English left untranslated", () => {
    const untranslated = Object.entries(Object.assign({}, ...Object.values(zh)) as Record<string, string>).filter(
      ([, text]) => /^[A-Za-z ,.'’!?-]{4,}$/.test(text),
    );
    expect(untranslated).toEqual([]);
  });
});
