/**
 * The language switch: Chinese unless the user chose English, remembered in this browser. Components read `t`
 * from useT(); antd's own texts (pagination, date pickers, empty states) follow through ConfigProvider's locale,
 * which main.tsx reads from `antdLocale`. A language not yet loaded is shown once its chunk has arrived: a user
 * who chose English sees nothing for that moment rather than a flash of Chinese.
 */
import type { Locale } from "antd/es/locale";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { DEFAULT_PACK, LANGUAGES, loadedPack, loadPack, translate, type Language, type LanguagePack } from "./catalogues";
import type { MessageKey } from "./keys";

const STORAGE_KEY = "scf.language";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  antdLocale: Locale;
}

const LanguageContext = createContext<LanguageState | undefined>(undefined);

function remembered(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.find((l) => l === saved) ?? "zh-CN";
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [wanted, setWanted] = useState<Language>(remembered);
  const [shown, setShown] = useState<{ language: Language; pack: LanguagePack } | undefined>(() => {
    const pack = loadedPack(wanted);
    return pack && { language: wanted, pack };
  });
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setWanted(next);
  }, []);
  useEffect(() => {
    if (shown?.language === wanted) return;
    let current = true;
    loadPack(wanted).then(
      (pack) => current && setShown({ language: wanted, pack }),
      // The network dropped: stay in (or fall back to) a language at hand; choosing again or a reload retries.
      () => {
        if (!current) return;
        setWanted(shown?.language ?? "zh-CN");
        if (!shown) setShown({ language: "zh-CN", pack: DEFAULT_PACK });
      },
    );
    return () => {
      current = false;
    };
  }, [wanted, shown]);
  // Screen readers and the browser's own texts (spell-check, translation offers) read the page's language.
  useEffect(() => {
    if (shown) document.documentElement.lang = shown.language;
  }, [shown]);
  const value = useMemo<LanguageState | undefined>(
    () =>
      shown && {
        language: shown.language,
        setLanguage,
        t: (key, vars) => translate(shown.pack.messages, key, vars),
        antdLocale: shown.pack.antd,
      },
    [shown, setLanguage],
  );
  return value ? <LanguageContext value={value}>{children}</LanguageContext> : null;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error("useLanguage outside LanguageProvider");
  return state;
}

export function useT(): Translate {
  return useLanguage().t;
}
