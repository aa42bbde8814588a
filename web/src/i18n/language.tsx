/**
 * The language switch: Chinese unless the user chose English, remembered in this browser. Components read `t`
 * from useT(); antd's own texts (pagination, date pickers, empty states) follow through ConfigProvider's locale.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { LANGUAGES, translate, type Language } from "./catalogues";
import type { MessageKey } from "./keys";

const STORAGE_KEY = "scf.language";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const LanguageContext = createContext<LanguageState | undefined>(undefined);

function remembered(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.find((l) => l === saved) ?? "zh-CN";
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(remembered);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  // Screen readers and the browser's own texts (spell-check, translation offers) read the page's language.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<LanguageState>(
    () => ({ language, setLanguage, t: (key, vars) => translate(language, key, vars) }),
    [language, setLanguage],
  );
  return <LanguageContext value={value}>{children}</LanguageContext>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error("useLanguage outside LanguageProvider");
  return state;
}

export function useT(): Translate {
  return useLanguage().t;
}
