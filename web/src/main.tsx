import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ApiProblem } from "./api/problem";
import { SessionProvider } from "./auth/session-context";
import { LanguageProvider, useLanguage } from "./i18n/language";
import { THEME } from "./theme";
// Every component's styles, prebuilt: THEME sets zeroRuntime, so antd writes none at run time.
import "antd/dist/antd.css";

/**
 * "always": a request goes out whatever the browser's online flag says. That flag only tells whether some network
 * interface is up, not whether the platform answers (an intranet, or a console on the platform's own machine), and
 * with TanStack's default a click made while it reads "offline" is held back without a word: the button spins, and
 * the payment goes out later, when nobody is watching. Here it is sent, and a network failure is shown at once.
 */
const queries = new QueryClient({
  defaultOptions: {
    queries: {
      networkMode: "always",
      // A refusal (4xx) will not change by asking again; a network failure or a 503 may.
      retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.problem.status < 500),
      refetchOnWindowFocus: false,
    },
    mutations: { networkMode: "always" },
  },
});

function Localised() {
  const { antdLocale } = useLanguage();
  return (
    <ConfigProvider locale={antdLocale} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <LanguageProvider>
        <Localised />
      </LanguageProvider>
    </QueryClientProvider>
  </StrictMode>,
);
