import type { RequestHandler, Response } from "express";
import { AppError } from "../errors";
import { TokenError, type AccessClaims, type TokenService } from "../auth/tokens";

/** Who is calling, once the bearer token has been verified. */
export type Principal = AccessClaims;

/** Requires `Authorization: Bearer <access token>`; puts the verified principal on `res.locals.principal`. */
export function authenticate(tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization");
    const match = header ? /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header) : null;
    if (!match) {
      next(new AppError("UNAUTHENTICATED", "Send an access token as `Authorization: Bearer <token>`"));
      return;
    }
    try {
      res.locals.principal = await tokens.verify(match[1]);
      next();
    } catch (e) {
      next(e instanceof TokenError ? new AppError("TOKEN_INVALID", undefined, {}, { cause: e }) : e);
    }
  };
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new AppError("UNAUTHENTICATED");
  return p;
}
