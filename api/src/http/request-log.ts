/**
 * One structured line per request, written when the response has been sent: who (organisation and user, once
 * the route pipeline knows them), what (method and the route's template, never the raw URL with its ids and
 * query), how it ended (status, problem code, milliseconds) and the ledger transaction, when there was one.
 * Headers and bodies are never logged: they carry tokens, passwords and keys.
 *
 * A request whose client left before the answer still gets its line (status 499, as proxies write it), and one
 * still running after a while gets a warning while it runs: a request that hangs is otherwise invisible until it
 * ends, if it ever does.
 */
import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Actor } from "../auth/actor";

export interface RequestLine {
  requestId: string;
  method: string;
  /** The route's template (`/vouchers/:id`), or `(none)` when no route matched. */
  route: string;
  status: number;
  durationMs: number;
  orgId?: string;
  /** The user, or the API key when a key called. */
  principalId?: string;
  principalKind?: Actor["kind"];
  /** A problem's stable code. */
  code?: string;
  /** Set when the problem is the ledger refusing the transaction (a revert). */
  reverted?: true;
  txHash?: string;
  /** The client closed the connection before the answer was sent (status 499). */
  aborted?: true;
}

/** A request still running `runningMs` after it arrived; its final line follows when it ends. */
export type SlowRequestLine = Pick<RequestLine, "requestId" | "method" | "route" | "orgId" | "principalId"> & { runningMs: number };

export interface SlowRequests {
  afterMs: number;
  warn: (line: SlowRequestLine) => void;
  /** Runs `fn` after `ms` and returns what cancels it: an unref'd timer unless a test drives it. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

/** Long enough that no healthy request reaches it, a ledger write and its indexing included. */
export const SLOW_REQUEST_MS = 10_000;

const unrefTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

/** What the pipeline learns while it handles the request, for its line. */
interface Noted {
  actor?: Actor;
  code?: string;
  reverted?: true;
  txHash?: string;
}

const notes = new WeakMap<Response, Noted>();
const note = (res: Response): Noted => {
  let n = notes.get(res);
  if (!n) notes.set(res, (n = {}));
  return n;
};

/** The caller, once authenticated. */
export const noteActor = (res: Response, actor: Actor): void => void (note(res).actor = actor);
/** The problem the request ended with; `reverted` when it is the ledger's refusal. */
export function noteProblem(res: Response, code: string, reverted: boolean): void {
  const n = note(res);
  n.code = code;
  if (reverted) n.reverted = true;
}
/** The ledger transaction the response reports. */
export const noteTxHash = (res: Response, txHash: string | undefined): void => void (note(res).txHash = txHash);

/** A caller's own X-Request-Id is kept when it is a plain token; anything else is replaced, never echoed. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The route template Express matched: the router's mount path and the route's own path. */
export function routeOf(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  return typeof route?.path === "string" ? `${req.baseUrl}${route.path}` : "(none)";
}

export function requestLog(write: (line: RequestLine) => void, now: () => number = () => performance.now(), slow?: SlowRequests): RequestHandler {
  return (req, res, next) => {
    const started = now();
    const given = req.get("x-request-id");
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    res.set("X-Request-Id", requestId);
    const who = () => {
      const actor = notes.get(res)?.actor;
      return actor ? { orgId: actor.org.id, principalId: actor.principalId } : {};
    };
    const cancelWarning = slow
      ? (slow.schedule ?? unrefTimer)(() => slow.warn({ requestId, method: req.method, route: routeOf(req), ...who(), runningMs: Math.round(now() - started) }), slow.afterMs)
      : undefined;
    let ended = false;
    const end = (aborted: boolean) => {
      if (ended) return;
      ended = true;
      cancelWarning?.();
      const n = notes.get(res) ?? {};
      write({
        requestId,
        method: req.method,
        route: routeOf(req),
        status: aborted ? 499 : res.statusCode,
        durationMs: Math.round((now() - started) * 10) / 10,
        ...(n.actor && { orgId: n.actor.org.id, principalId: n.actor.principalId, principalKind: n.actor.kind }),
        ...(n.code && { code: n.code }),
        ...(n.reverted && { reverted: true }),
        ...(n.txHash && { txHash: n.txHash }),
        ...(aborted && { aborted: true }),
      });
    };
    // "close" follows "finish" when the answer went out; alone, it means the client left first.
    res.once("close", () => {
      if (!res.writableFinished) end(true);
    });
    res.once("finish", () => end(false));
    next();
  };
}
