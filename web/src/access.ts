/**
 * The one place that decides what the signed-in user may do. The server's guard decides who may call each
 * operation; its table reaches the console through the generated OPERATIONS (from the OpenAPI document's x-kinds
 * and x-roles), so a menu item or a button is enabled exactly when the API would accept the call.
 */
import { OPERATIONS, type Operation } from "./api/operations";
import type { paths } from "./api/schema";

export type Me = paths["/me"]["get"]["responses"][200]["content"]["application/json"];
export type OrgKind = Me["organisation"]["kinds"][number];
export type UserRole = Me["role"];

export interface Access {
  me: Me;
  /** Whether the guard lets this user call `operation` ("POST /vouchers/{id}/transfers"). */
  can(operation: Operation): boolean;
  is(kind: OrgKind): boolean;
  role: UserRole;
}

export function accessOf(me: Me): Access {
  const kinds = new Set<string>(me.organisation.kinds);
  return {
    me,
    role: me.role,
    is: (kind) => kinds.has(kind),
    can(operation) {
      const who: { kinds: readonly string[] | null; roles: readonly string[] | null } = OPERATIONS[operation];
      return (who.kinds === null || who.kinds.some((k) => kinds.has(k))) && (who.roles === null || who.roles.includes(me.role));
    },
  };
}
