/**
 * Routes: the sign-in page while signed out; otherwise the frame with every page this user may open
 * (layout/SignedIn.tsx, loaded once signed in). Signing in from a deep link returns to it.
 */
import { Button, Result } from "antd";
import { lazy, Suspense, useEffect } from "react";
import { BrowserRouter, Link, matchPath, Route, Routes, useLocation } from "react-router";
import { useSession } from "./auth/session-context";
import { hasSession } from "./api/session";
import { Loading } from "./components/Loading";
import { PageErrorBoundary } from "./components/PageErrorBoundary";
import { ProblemAlert } from "./components/ProblemAlert";
import { useT } from "./i18n/language";
import { PAGES } from "./pages";
import { SignInPage } from "./pages/signin/SignInPage";

const loadFrame = () => import("./layout/SignedIn");
const SignedIn = lazy(() => loadFrame().then((m) => ({ default: m.SignedIn })));

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

/** The frame's code and the page's at `pathname` (under /console), downloading together rather than one after the other. */
function preloadSignedIn(pathname: string): void {
  // A failed download is the frame's or the page's to report when it renders.
  loadFrame().catch(() => undefined);
  PAGES.find((p) => matchPath(`/${p.path}`, pathname))
    ?.page.preload()
    .catch(() => undefined);
}

// A signed-in tab that reloads: the downloads start before React has drawn anything.
if (hasSession()) preloadSignedIn(window.location.pathname.replace(/^\/console(?=\/|$)/, "") || "/");

/** While /me loads, the frame's code and the page's at the address download too: the waits overlap, not follow. */
function LoadingPage() {
  const { pathname } = useLocation();
  useEffect(() => preloadSignedIn(pathname), [pathname]);
  return <Loading />;
}

/** /me could not be read and nothing of this session is remembered: say why, and let the user ask again. */
function SessionFailed({ failure }: { failure: unknown }) {
  const t = useT();
  const { retry, signOut } = useSession();
  return (
    <main>
      <Result
        status="warning"
        title={t("layout.meFailed")}
        extra={[
          <Button key="retry" type="primary" onClick={retry}>
            {t("layout.retry")}
          </Button>,
          <Button key="signOut" onClick={signOut}>
            {t("layout.signOut")}
          </Button>,
        ]}
      >
        <ProblemAlert error={failure} />
      </Result>
    </main>
  );
}

export function App() {
  const t = useT();
  const { signedIn, loading, access, failure } = useSession();
  return (
    <BrowserRouter basename="/console">
      {!signedIn ? (
        <SignedOut />
      ) : !access && !loading && failure ? (
        <SessionFailed failure={failure} />
      ) : !access ? (
        <LoadingPage />
      ) : (
        // The frame's chunk may fail to download (a dropped network, a release that replaced it): say so, not a blank page.
        <PageErrorBoundary resetKey="frame" title={t("layout.pageFailed")}>
          <Suspense fallback={<Loading />}>
            <SignedIn />
          </Suspense>
        </PageErrorBoundary>
      )}
    </BrowserRouter>
  );
}
