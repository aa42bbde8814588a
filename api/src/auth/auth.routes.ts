import { z } from "zod";
import type { Guard } from "../http/route";
import { RouteTable } from "../http/route";
import type { OrganisationService } from "../organisations/organisation.service";
import type { AuthService } from "./auth.service";
import { LoginThrottled } from "./login-throttle";
import { USER_ROLES, ORG_KINDS } from "./actor";

const session = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int().meta({ description: "Seconds the access token lasts (at most 900)" }),
  refreshToken: z.string().meta({ description: "Good for one refresh; rotates" }),
});

export function authRoutes(guard: Guard, auth: AuthService, organisations: OrganisationService): RouteTable {
  return new RouteTable(guard)
    .addPublic(
      {
        method: "post",
        path: "/auth/login",
        summary: "Log in with email and password",
        tags: ["auth"],
        auth: false,
        audited: false,
        body: z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(200) }),
        description:
          "Failed logins are counted per account (known or not) and per client address: after a few, each attempt must wait " +
          "longer (429 LOGIN_THROTTLED with Retry-After); after ten within 15 minutes the account is locked for 15 minutes " +
          "(429 LOGIN_LOCKED), or until its organisation's admin unlocks it (POST /orgs/{id}/users/{userId}/unlock).",
        responses: { 200: { description: "A session", schema: session } },
      },
      async ({ body, req, res }) => {
        try {
          return await auth.login(body.email, body.password, req.ip ?? req.socket.remoteAddress);
        } catch (e) {
          if (e instanceof LoginThrottled) res.set("Retry-After", String(e.retryAfterSeconds));
          throw e;
        }
      },
    )
    .addPublic(
      {
        method: "post",
        path: "/auth/refresh",
        summary: "Trade a refresh token for a new session (the old refresh token stops working)",
        tags: ["auth"],
        auth: false,
        audited: false,
        body: z.strictObject({ refreshToken: z.string().min(1).max(200) }),
        responses: { 200: { description: "A new session", schema: session } },
      },
      ({ body }) => auth.refresh(body.refreshToken),
    )
    .add(
      {
        method: "get",
        path: "/me",
        summary: "Who I am: the user or API key, its role and its organisation",
        tags: ["auth"],
        auth: true,
        responses: {
          200: {
            description: "The caller",
            schema: z.object({
              id: z.string(),
              kind: z.enum(["user", "api-key"]),
              role: z.enum(USER_ROLES),
              organisation: z.object({ id: z.string(), name: z.string(), account: z.string(), kinds: z.array(z.enum(ORG_KINDS)), status: z.string() }),
            }),
          },
        },
      },
      async ({ actor }) => {
        const org = await organisations.get(actor.org.id);
        return {
          id: actor.principalId,
          kind: actor.kind,
          role: actor.role,
          organisation: { id: org.id, name: org.name, account: org.account, kinds: org.kinds, status: org.status },
        };
      },
    );
}
