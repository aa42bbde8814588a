/** Every language's catalogue, flattened into one map of key → text per language. */
import * as en from "./en-US";
import type { MessageKey } from "./keys";
import * as zh from "./zh-CN";

export type Language = "zh-CN" | "en-US";
export const LANGUAGES: readonly Language[] = ["zh-CN", "en-US"];

function flatten(areas: Record<string, Record<string, string>>): Record<MessageKey, string> {
  return Object.assign({}, ...Object.values(areas)) as Record<MessageKey, string>;
}

export const CATALOGUES: Record<Language, Partial<Record<MessageKey, string>>> = {
  "zh-CN": flatten(zh),
  "en-US": flatten(en),
};

/** The text for `key` with each `{name}` replaced; the key itself when a catalogue lacks it (a test forbids that). */
export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = CATALOGUES[language][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
}
