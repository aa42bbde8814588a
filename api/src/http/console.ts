/**
 * The web console (web/, built by Vite into web/dist) at /console/: its hashed assets cached for a year (gzipped
 * once at build time, scripts/web-build.ts, and sent so to a browser that accepts it), and index.html for every other path under /console/ so that a reload or a bookmark of a deep link opens the same
 * page. `/` sends a browser to the console. The API's own paths stay as they are; nothing outside /console/ and
 * `/` is served from here.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { AppError } from "../errors";

/** web/dist, beside the source tree or, after `npm run build`, beside the compiled files (dist/web/dist). */
export const CONSOLE_DIR = path.resolve(__dirname, "../../../web/dist");

// The API's policy (security-headers.ts) forbids everything; the console loads its own scripts, styles (antd
// writes its theme's CSS variables in a <style> element at run time, hence 'unsafe-inline' for styles only),
// images and calls its own API.
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

const ASSET_HEADERS = { "Content-Security-Policy": CONSOLE_CSP, "Cache-Control": "public, max-age=31536000, immutable" };
/** A file directly in assets/, as Vite names them: nothing that could climb out of the folder. */
const ASSET_NAME = /^\/[\w.-]+\.(?:js|css)$/;

export function consoleRoutes(dir = CONSOLE_DIR): Router {
  const r = Router();
  const assets = path.join(dir, "assets");
  r.get("/", (_req, res) => {
    res.redirect(302, "/console/");
  });
  r.get("/console/assets/*name", (req, res, next) => {
    const name = req.path.slice("/console/assets".length);
    const gzipped = path.join(assets, `${name}.gz`);
    if (!ASSET_NAME.test(name) || !req.acceptsEncodings("gzip") || !existsSync(gzipped)) {
      next();
      return;
    }
    // The type is the script's or the stylesheet's, not gzip's: sendFile keeps a Content-Type already set.
    res.type(path.extname(name)).set({ ...ASSET_HEADERS, "Content-Encoding": "gzip", Vary: "Accept-Encoding" });
    res.sendFile(gzipped, (err?: Error) => {
      if (err) next(err);
    });
  });
  r.use(
    "/console/assets",
    express.static(assets, {
      index: false,
      setHeaders: (res) => {
        res.set(ASSET_HEADERS);
      },
    }),
  );
  // Any page's path, not a file's: a missing asset stays a 404 rather than becoming the page as a script.
  r.get(/^\/console(\/(?!assets\/).*)?$/, (_req, res, next) => {
    const index = path.join(dir, "index.html");
    if (!existsSync(index)) {
      next(new AppError("NOT_FOUND", "The web console is not built: run npm run web:build (npm start does it)"));
      return;
    }
    res.set("Content-Security-Policy", CONSOLE_CSP).sendFile(index);
  });
  return r;
}
