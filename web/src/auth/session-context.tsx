/**
 * Who is signed in. `me` comes from GET /me; the access decisions (access.ts) are made from it. Signing in stores
 * the tokens (api/session.ts); a refused refresh ends the session and brings back the sign-in page, keeping the
 * address the user was on so that signing in again returns there.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { accessOf, type Access, type Me } from "../access";
import { api, unwrap } from "../api/client";
import { accessTokenNow, clearSession, hasSession, onSessionEnded, refreshSession, rememberedMe, rememberMe, storeTokens } from "../api/session";

interface SessionState {
  /** Undefined while signed out or while /me loads. */
  access: Access | undefined;
  signedIn: boolean;
  loading: boolean;
  /** Why /me could not be read (a network failure, a 5xx), when there is nothing remembered to show instead. */
  failure: unknown;
  retry: () => void;
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
    // A reload draws the frame from this session's last /me at once; dated 0, it is asked again at once too.
    initialData: () => (signedIn ? rememberedIfMe() : undefined),
    initialDataUpdatedAt: 0,
    queryFn: async () => {
      // A tab that kept only its refresh token trades it for an access token before the first call.
      if (accessTokenNow() === undefined) await refreshSession();
      const fresh = await unwrap(api.GET("/me"));
      rememberMe(fresh);
      return fresh;
    },
  });
  const refetchMe = me.refetch;
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
      failure: signedIn && !me.data ? me.error : undefined,
      retry: () => void refetchMe(),
      signIn,
      signOut,
    }),
    [signedIn, me.data, me.isPending, me.error, refetchMe, signIn, signOut],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

/** What a release before this one remembered may not have the shape this one reads: then it is asked for. */
function rememberedIfMe(): Me | undefined {
  const me = rememberedMe();
  if (typeof me !== "object" || me === null) return undefined;
  const { organisation, role } = me as Partial<Me>;
  return typeof role === "string" && Array.isArray(organisation?.kinds) ? (me as Me) : undefined;
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
