/**
 * Every language's catalogue, flattened into one map of key → text per language. Chinese, the default, is in the
 * initial bundle; English (its texts and antd's) is a chunk of its own, loaded when a user chooses it, so that
 * most users do not download a language they never read.
 */
import type { Locale } from "antd/es/locale";
import antdZh from "antd/locale/zh_CN";
import type { MessageKey } from "./keys";
import * as zh from "./zh-CN";

export type Language = "zh-CN" | "en-US";
export const LANGUAGES: readonly Language[] = ["zh-CN", "en-US"];

export type Catalogue = Partial<Record<MessageKey, string>>;

/** A language's texts and antd's own texts (pagination, date pickers, empty states) in that language. */
export interface LanguagePack {
  messages: Catalogue;
  antd: Locale;
}

function flatten(areas: Record<string, Record<string, string>>): Catalogue {
  return Object.assign({}, ...Object.values(areas)) as Catalogue;
}

/** The Chinese catalogue: also the list of every key, which pages ask to tell a known code from a new one. */
export const DEFAULT_PACK: LanguagePack = { messages: flatten(zh), antd: antdZh };

export function isMessageKey(key: string): key is MessageKey {
  return key in DEFAULT_PACK.messages;
}

const LATER: Record<Exclude<Language, "zh-CN">, () => Promise<LanguagePack>> = {
  "en-US": async () => {
    const [messages, antd] = await Promise.all([import("./en-US"), import("antd/locale/en_US")]);
    return { messages: flatten(messages), antd: antd.default };
  },
};

const loaded = new Map<Language, LanguagePack>([["zh-CN", DEFAULT_PACK]]);

/** The pack of `language` if it has been loaded already (Chinese always has). */
export function loadedPack(language: Language): LanguagePack | undefined {
  return loaded.get(language);
}

/** Loads `language`'s pack once; later calls answer from memory. */
export async function loadPack(language: Language): Promise<LanguagePack> {
  const known = loaded.get(language);
  if (known) return known;
  const pack = await LATER[language as Exclude<Language, "zh-CN">]();
  loaded.set(language, pack);
  return pack;
}

/** The text for `key` with each `{name}` replaced; the key itself when a catalogue lacks it (a test forbids that). */
export function translate(catalogue: Catalogue, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogue[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
}
