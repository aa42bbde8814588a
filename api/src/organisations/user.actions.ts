/**
 * Changes to an organisation's people under dual control: who may act for it is as sensitive as what they do. Its
 * admin proposes adding a user, changing a role or disabling a user; a checker of the organisation approves. Until
 * the organisation has an active checker (a new organisation has only its admin), the admin's changes are carried
 * out at once: someone has to appoint the first checker.
 */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { USER_ROLES, type UserRole } from "../auth/actor";
import type { UserRow } from "../auth/identity.repository";
import type { NewUser, OrganisationService } from "./organisation.service";

export const USER_ADD = "user.add";
export const USER_SET_ROLE = "user.setRole";
export const USER_DISABLE = "user.disable";

/** A user as a pending action shows it: never the password or its hash. */
export const userJson = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled });
const storedUser = z.object({ user: z.object({ id: z.string() }) });
const storedRole = storedUser.extend({ role: z.enum(USER_ROLES) });

export function userActions(organisations: OrganisationService): ActionTable {
  const people = {
    proposers: ["admin"],
    alone: (admin) => organisations.withoutChecker(admin),
  } as const satisfies Pick<Parameters<typeof action>[0], "proposers" | "alone">;
  return {
    [USER_ADD]: action<NewUser & { orgId: string }>({
      ...people,
      propose: async (admin, { orgId, ...u }) => ({ user: userJson(await organisations.proposeUser(admin, orgId, u)) }),
      execute: async (checker, payload) => {
        const user = await organisations.applyUserChange(checker, storedUser.parse(payload).user.id, { disabled: false });
        return { id: user.id, user: userJson(user) };
      },
      onReject: (checker, payload) => organisations.dropProposedUser(checker, storedUser.parse(payload).user.id),
    }),
    [USER_SET_ROLE]: action<{ orgId: string; userId: string; role: UserRole }>({
      ...people,
      propose: async (admin, { orgId, userId, role }) => {
        const user = await organisations.proposeUserChange(admin, orgId, userId, { role });
        return { user: userJson(user), role, previous: user.role };
      },
      execute: async (checker, payload) => {
        const p = storedRole.parse(payload);
        const user = await organisations.applyUserChange(checker, p.user.id, { role: p.role });
        return { id: user.id, user: userJson(user) };
      },
    }),
    [USER_DISABLE]: action<{ orgId: string; userId: string }>({
      ...people,
      propose: async (admin, { orgId, userId }) => ({ user: userJson(await organisations.proposeUserChange(admin, orgId, userId, {})) }),
      execute: async (checker, payload) => {
        const user = await organisations.applyUserChange(checker, storedUser.parse(payload).user.id, { disabled: true });
        return { id: user.id, user: userJson(user) };
      },
    }),
  };
}
