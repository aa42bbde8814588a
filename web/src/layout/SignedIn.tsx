/**
 * The signed-in console: the frame with every page this user may open. A chunk of its own (App.tsx loads it), so
 * that the sign-in page does not wait for the menu and the frame it does not show.
 */
import { Result } from "antd";
import { Navigate, Route, Routes } from "react-router";
import { useAccess } from "../auth/session-context";
import { useT } from "../i18n/language";
import { PAGES } from "../pages";
import { AppLayout } from "./AppLayout";

function FirstPage() {
  const access = useAccess();
  const first = PAGES.find((p) => p.inMenu !== false && p.visible(access));
  return first ? <Navigate to={`/${first.path}`} replace /> : <NotFound />;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title={t("layout.notFound")} />;
}

export function SignedIn() {
  const access = useAccess();
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<FirstPage />} />
        {PAGES.filter((p) => p.visible(access)).map((p) => (
          <Route key={p.path} path={p.path} element={<p.page />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
