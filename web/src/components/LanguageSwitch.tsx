import { Segmented } from "antd";
import type { Language } from "../i18n/catalogues";
import { useLanguage } from "../i18n/language";

/** 中文 | English, on the sign-in page and in the header: the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, language, setLanguage } = useLanguage();
  return (
    <Segmented<Language>
      aria-label={t("layout.language")}
      value={language}
      onChange={setLanguage}
      options={[
        { label: "中文", value: "zh-CN" },
        { label: "English", value: "en-US" },
      ]}
    />
  );
}
