/**
 * The query parser: Express's "simple" one (node:querystring, no nesting), except that a malformed percent-encoding
 * (`%FF`, an encoded lone surrogate) is refused. node:querystring would read it as U+FFFD or as the raw text, so a
 * filter would quietly match something other than what was sent.
 */
import querystring from "node:querystring";
import { AppError } from "../errors";

export function parseQuery(raw: string | null | undefined): querystring.ParsedUrlQuery {
  if (!raw) return {};
  try {
    decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw new AppError("VALIDATION_FAILED", "The query string is not percent-encoded UTF-8");
  }
  return querystring.parse(raw);
}
