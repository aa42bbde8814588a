import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError, toProblem } from "../errors";

/** Any route nobody answered: a problem document, like every other error. */
export const notFound: RequestHandler = (req, _res, next) => next(new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`));

/** Errors from Express's own body parser, in our codes. */
function fromBodyParser(err: unknown): AppError | undefined {
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
    const problem = toProblem(fromBodyParser(err) ?? err, req.originalUrl);
    if (problem.status >= 500) log(err);
    res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
  };
}
