/**
 * Headers every answer carries. The API serves JSON to programs and to the console on the same origin: no page may
 * frame it (clickjacking), no browser may guess another content type, and no cache on the way may keep an answer,
 * since most of them are one organisation's business. HSTS is sent only over TLS: over plain HTTP a browser
 * ignores it, and a proxy that terminates TLS says so in X-Forwarded-Proto, which `req.secure` reads when the app
 * trusts that proxy; `hsts` forces it where TLS ends at a proxy the app is not told to trust.
 */
import type { RequestHandler } from "express";

/** One year, the preload list's minimum, for this host and its subdomains. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** For JSON answers: nothing may be loaded by them, and no page may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(options: { hsts: boolean }): RequestHandler {
  return (req, res, next) => {
    res.set({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Content-Security-Policy": API_CSP,
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    if (options.hsts || req.secure) res.set("Strict-Transport-Security", HSTS);
    next();
  };
}
