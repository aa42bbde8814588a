import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError, toProblem } from "../errors";
import { noteProblem } from "./request-log";

/** Any route nobody answered: a problem document, like every other error. */
export const notFound: RequestHandler = (req, _res, next) => next(new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`));

/** Errors from Express's own body parser and router, in our codes. */
function fromExpress(err: unknown): AppError | undefined {
  // The router could not decode a path parameter: a malformed percent-encoding such as %FF or %C0%AE.
  if (err instanceof URIError) return new AppError("VALIDATION_FAILED", "The path is not percent-encoded UTF-8");
  const type = (err as { type?: string }).type;
  if (type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE");
  if (type === "entity.parse.failed") return new AppError("VALIDATION_FAILED", "The body is not valid JSON");
  if (type === "encoding.unsupported" || type === "charset.unsupported") return new AppError("VALIDATION_FAILED", "Unsupported encoding");
  return undefined;
}

/** The one place where an error becomes an HTTP response: RFC 9457 application/problem+json. */
export function problemHandler(log: (e: unknown) => void): ErrorRequestHandler {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express tells an error handler by its four parameters
  return (err, req, res, _next) => {
    const problem = toProblem(fromExpress(err) ?? err, req.originalUrl);
    // 501 is a service the configured ledger does not offer (LEDGER_UNSUPPORTED): known, not a fault to look into.
    if (problem.status >= 500 && problem.status !== 501) log(err);
    noteProblem(res, problem.code, "ledger" in problem);
    res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
  };
}
