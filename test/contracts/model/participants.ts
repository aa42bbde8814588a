/**
 * The model of Participants (who is registered, in which roles, suspended or frozen); the random calls to it are in
 * calls/participants.ts.
 */
import { ROLE } from "../../helpers/ledger";
import { ContractModel } from "./core";
import { revert, Status, type Participant } from "./state";

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
    if (suspended && (p.roles & ROLE.REGULATOR) !== 0) revert("ParticipantsRegulatorRoleReserved");
    if (!p.registered) revert("ParticipantsNotRegistered");
    if (p.suspended === suspended) revert("ParticipantsStatusUnchanged");
    if (account === sender) revert("ParticipantsSelfLockout");
    this.touched.participants.add(account);
    this.s.participants.set(account, { ...p, suspended });
  }
}
