/**
 * Who is signed in. `me` comes from GET /me; the access decisions (access.ts) are made from it. Signing in stores
 * the tokens (api/session.ts); a refused refresh ends the session and brings back the sign-in page, keeping the
 * address the user was on so that signing in again returns there.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { accessOf, type Access } from "../access";
import { api, unwrap } from "../api/client";
import { accessTokenNow, clearSession, hasSession, onSessionEnded, refreshSession, storeTokens } from "../api/session";

interface SessionState {
  /** Undefined while signed out or while /me loads. */
  access: Access | undefined;
  signedIn: boolean;
  loading: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [signedIn, setSignedIn] = useState(hasSession);
  useEffect(
    () =>
      onSessionEnded(() => {
        setSignedIn(false);
        queries.clear();
      }),
    [queries],
  );
  const me = useQuery({
    queryKey: ["me"],
    enabled: signedIn,
    staleTime: 60_000,
    queryFn: async () => {
      // A tab that kept only its refresh token trades it for an access token before the first call.
      if (accessTokenNow() === undefined) await refreshSession();
      return unwrap(api.GET("/me"));
    },
  });
  const signIn = useCallback(
    async (email: string, password: string) => {
      const tokens = await unwrap(api.POST("/auth/login", { body: { email, password } }));
      storeTokens(tokens);
      queries.clear();
      setSignedIn(true);
    },
    [queries],
  );
  const signOut = useCallback(() => {
    clearSession();
  }, []);
  const value = useMemo<SessionState>(
    () => ({
      access: signedIn && me.data ? accessOf(me.data) : undefined,
      signedIn,
      loading: signedIn && me.isPending,
      signIn,
      signOut,
    }),
    [signedIn, me.data, me.isPending, signIn, signOut],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

/** The signed-in user's access; only for pages behind the sign-in (the router guarantees it). */
export function useAccess(): Access {
  const { access } = useSession();
  if (!access) throw new Error("useAccess while signed out");
  return access;
}
