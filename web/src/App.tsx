/**
 * Routes: the sign-in page while signed out; otherwise the frame with every page this user may open. Signing in
 * from a deep link returns to it.
 */
import { Result } from "antd";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { useAccess, useSession } from "./auth/session-context";
import { Loading } from "./components/Loading";
import { useT } from "./i18n/language";
import { AppLayout } from "./layout/AppLayout";
import { PAGES } from "./pages";
import { SignInPage } from "./pages/signin/SignInPage";

function FirstPage() {
  const access = useAccess();
  const first = PAGES.find((p) => p.inMenu !== false && p.visible(access));
  return first ? <Navigate to={`/${first.path}`} replace /> : <NotFound />;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title={t("layout.notFound")} />;
}

function SignedIn() {
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

export function App() {
  const { signedIn, loading, access } = useSession();
  return (
    <BrowserRouter basename="/console">
      {!signedIn ? <SignInPage /> : loading || !access ? <Loading /> : <SignedIn />}
    </BrowserRouter>
  );
}
