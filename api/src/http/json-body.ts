/**
 * The JSON body parser: Express's, with two more refusals. A key given twice in one object is refused: JSON.parse
 * keeps the last, while a proxy, a firewall or a reviewer reading the raw body may take the first (RFC 8259 §4
 * leaves it open). A charset other than UTF-8 is refused (RFC 8259 §8.1), so that the check reads the bytes as
 * the parser does.
 */
import express, { type RequestHandler } from "express";
import { AppError } from "../errors";

/** The end of the string literal that opens at `start`, or -1 when the text ends first. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/**
 * The first key that appears twice in one object of `text`, compared after unescaping (`"a"` and `"\u0061"` are
 * one key). Malformed text gives undefined: the parser refuses it next, with its own message.
 */
export function duplicateKeyIn(text: string): string | undefined {
  // One entry per open container: the keys seen so far in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      if (end < 0) return undefined;
      const keys = open[open.length - 1];
      if (keyNext && keys) {
        let key: unknown;
        try {
          key = JSON.parse(text.slice(i, end + 1));
        } catch {
          return undefined;
        }
        if (typeof key !== "string") return undefined;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      keyNext = false;
      i = end;
    } else if (c === "{") {
      open.push(new Set());
      keyNext = true;
    } else if (c === "[") {
      open.push(null);
    } else if (c === "}" || c === "]") {
      open.pop();
    } else if (c === ",") {
      keyNext = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}

export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify(_req, _res, raw, encoding) {
      if (!/^utf-?8$/i.test(encoding)) throw new AppError("VALIDATION_FAILED", "A JSON body must be UTF-8");
      const key = duplicateKeyIn(raw.toString("utf8"));
      if (key !== undefined) {
        throw new AppError("VALIDATION_FAILED", `The body gives the key ${JSON.stringify(key)} more than once in one object`);
      }
    },
  });
}
