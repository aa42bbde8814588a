/** The model of Participants (who is registered, in which roles, suspended or frozen), and the calls to it. */
import { ROLE } from "../../helpers/ledger";
import { ContractModel } from "./core";
import type { Call } from "./interpreter";
import { div } from "./operations";
import { ACTORS, MEMBERS, revert, Status, type Participant } from "./state";

export class ParticipantsModel extends ContractModel {
  private participant(a: string): Participant {
    this.seen.participants.add(a);
    return this.s.participants.get(a) ?? { roles: 0, registered: false, suspended: false, frozen: false };
  }
  statusOf(a: string): Status {
    const p = this.s.participants.get(a);
    if (!p?.registered) return Status.None;
    if (p.frozen) return Status.Frozen;
    if (p.suspended) return Status.Suspended;
    return Status.Active;
  }
  requireActive(a: string, role: number): void {
    const p = this.participant(a);
    if (this.statusOf(a) !== Status.Active) revert("ParticipantsNotActive");
    if ((p.roles & role) !== role) revert("ParticipantsMissingRole");
  }
  isActiveAs(a: string, role: number): boolean {
    const p = this.participant(a);
    return this.statusOf(a) === Status.Active && (p.roles & role) === role;
  }

  freeze(sender: string, account: string, frozen: boolean): void {
    this.requireActive(sender, ROLE.REGULATOR);
    const p = this.participant(account);
    if (!p.registered) revert("ParticipantsNotRegistered");
    if (p.frozen === frozen) revert("ParticipantsStatusUnchanged");
    if (account === sender) revert("ParticipantsSelfLockout");
    this.touched.participants.add(account);
    this.s.participants.set(account, { ...p, frozen });
  }

  suspend(sender: string, account: string, suspended: boolean): void {
    this.requireActive(sender, ROLE.OPERATOR);
    const p = this.participant(account);
    if (!p.registered) revert("ParticipantsNotRegistered");
    if (p.suspended === suspended) revert("ParticipantsStatusUnchanged");
    if (account === sender) revert("ParticipantsSelfLockout");
    this.touched.participants.add(account);
    this.s.participants.set(account, { ...p, suspended });
  }
}

/** The regulator freezes or unfreezes, the operator suspends or reinstates: mostly a member, or one already flagged. */
const flag: Call = async (i, [n0, n1], k) => {
  const { m, s } = i;
  const byRegulator = k === "freeze" || k === "unfreeze";
  const lifting = k === "unfreeze" || k === "reinstate";
  const sender = n0 % 10 < 8 ? i.a(byRegulator ? "regulator" : "operator") : i.anyActor(div(n0, 10));
  const flagged = ACTORS.filter((n) => {
    const p = s.participants.get(i.a(n));
    return p && (byRegulator ? p.frozen : p.suspended);
  });
  let target: string;
  if (lifting && n1 % 10 < 8 && flagged.length) target = i.a(i.oneOf(flagged, div(n1, 10)));
  else if (n1 % 10 < 8) target = i.a(i.oneOf(MEMBERS, div(n1, 10)));
  else target = i.anyActor(div(n1, 10));
  const fn = k;
  await i.x.tx(`${i.n(sender)} Participants.${fn}(${i.n(target)})`, sender, "Participants", fn, [target], () =>
    byRegulator ? m.participants.freeze(sender, target, !lifting) : m.participants.suspend(sender, target, !lifting),
  );
};

export const participantCalls = { freeze: flag, unfreeze: flag, suspend: flag, reinstate: flag };
