/**
 * Routes: the sign-in page while signed out; otherwise the frame with every page this user may open. Signing in
 * from a deep link returns to it.
 */
import { Result } from "antd";
import { lazy, Suspense } from "react";
import { BrowserRouter, Link, Navigate, Route, Routes } from "react-router";
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

const ApplyPage = lazy(() => import("./pages/operator/ApplyPage").then((m) => ({ default: m.ApplyPage })));

/** Before signing in: the sign-in page, and the application form an organisation that is not yet on the platform fills in. */
function SignedOut() {
  return (
    <Routes>
      <Route
        path="apply"
        element={
          <main style={{ minHeight: "100vh", background: "#f5f5f5", padding: 16 }}>
            <Suspense fallback={<Loading />}>
              <ApplyPage />
            </Suspense>
            <div style={{ textAlign: "center" }}>
              <BackToSignIn />
            </div>
          </main>
        }
      />
      <Route path="*" element={<SignInPage />} />
    </Routes>
  );
}

function BackToSignIn() {
  const t = useT();
  return <Link to="/">{t("signin.back")}</Link>;
}

export function App() {
  const { signedIn, loading, access } = useSession();
  return (
    <BrowserRouter basename="/console">
      {!signedIn ? <SignedOut /> : loading || !access ? <Loading /> : <SignedIn />}
    </BrowserRouter>
  );
}
