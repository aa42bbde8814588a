/** The random calls to Participants: freezes, suspensions and their lifting. */
import type { Call } from "../choices";
import { div } from "../operations";
import { ACTORS, MEMBERS } from "../state";

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
