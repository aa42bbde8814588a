/**
 * The signed-in session's tokens, kept in this tab's sessionStorage so that a reload keeps the user signed in
 * without a round trip, and closing the tab ends it. The access token lives 15 minutes; the refresh token is good
 * for one refresh (the server forgives a repeat within 30 seconds, for a tab that navigated mid-refresh).
 */
const REFRESH_KEY = "scf.refresh";
const ACCESS_KEY = "scf.access";
/** The last GET /me of this session: a reload draws the frame from it at once while /me is asked again. */
const ME_KEY = "scf.me";

let accessToken: string | undefined = sessionStorage.getItem(ACCESS_KEY) ?? undefined;
let refreshing: Promise<boolean> | undefined;
const listeners = new Set<() => void>();

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export function accessTokenNow(): string | undefined {
  return accessToken;
}

export function hasSession(): boolean {
  return accessToken !== undefined || sessionStorage.getItem(REFRESH_KEY) !== null;
}

export function storeTokens(tokens: Tokens): void {
  accessToken = tokens.accessToken;
  sessionStorage.setItem(ACCESS_KEY, tokens.accessToken);
  sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
}

export function rememberedMe(): unknown {
  const text = sessionStorage.getItem(ME_KEY);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function rememberMe(me: unknown): void {
  sessionStorage.setItem(ME_KEY, JSON.stringify(me));
}

export function clearSession(): void {
  accessToken = undefined;
  sessionStorage.removeItem(ACCESS_KEY);
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(ME_KEY);
  for (const l of listeners) l();
}

/** Called when the session ends without the user signing out (the refresh token was refused). */
export function onSessionEnded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Trades the refresh token for new tokens, once however many requests ask at the same time: the token rotates,
 * so a second concurrent refresh with the same one would be refused and sign the user out.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const res = await fetch("/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => undefined);
    if (!res) return false;
    if (!res.ok) {
      if (res.status === 401) clearSession();
      return false;
    }
    storeTokens((await res.json()) as Tokens);
    return true;
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}
