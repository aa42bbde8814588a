/**
 * A refusal, shown in the user's language: the catalogue's text for the problem's code when it has one, else the
 * API's own detail; always the code itself, which a user quotes to support.
 */
import { Alert } from "antd";
import { ApiProblem } from "../api/problem";
import { useT } from "../i18n/language";
import { isMessageKey } from "../i18n/catalogues";

export function problemText(error: unknown, t: ReturnType<typeof useT>): { message: string; code: string; details: string[] } {
  if (!(error instanceof ApiProblem)) return { message: t("common.error.unexpected"), code: "UNEXPECTED", details: [] };
  const key = `problems.${error.code}`;
  const known = isMessageKey(key);
  const p = error.problem;
  return {
    message: known ? t(key) : (p.detail ?? p.title),
    code: p.code,
    details: [...(known && p.detail ? [p.detail] : []), ...(p.errors ?? []).map((e) => `${e.path}: ${e.message}`)],
  };
}

export function ProblemAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const { message, code, details } = problemText(error, t);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={
        <>
          <div>
            {t("common.error.code")}: <code>{code}</code>
          </div>
          {details.map((d) => (
            <div key={d}>{d}</div>
          ))}
        </>
      }
    />
  );
}
