/**
 * Alerts as each caller may see them: the operator and the regulator every one, an organisation those it is a
 * party to (another's is a 404, like any object one is not party to). Acknowledging and resolving are the
 * regulator's, recorded with who and why; the routes let no one else call them.
 */
import { seesEverything, type Actor } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import type { PageQuery } from "../http/pagination";
import type { AlertRepository, AlertFilter, AlertRow } from "./alert.repository";

export class AlertService {
  constructor(
    private readonly repo: AlertRepository,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, filter: Omit<AlertFilter, "account">, q: PageQuery) {
    return this.repo.list({ ...filter, account: seesEverything(actor) ? undefined : actor.org.account }, q);
  }

  async get(actor: Actor, id: string): Promise<AlertRow> {
    const alert = await this.repo.find(id);
    if (!alert || !(seesEverything(actor) || alert.accounts.includes(actor.org.account))) throw new AppError("NOT_FOUND", "No such alert");
    return alert;
  }

  async acknowledge(actor: Actor, id: string, note: string | undefined): Promise<AlertRow> {
    await this.get(actor, id);
    if (!(await this.repo.acknowledge(id, actor.userId, note, this.clock.now()))) throw new AppError("ALERT_NOT_OPEN", "Only an open alert can be acknowledged");
    return this.get(actor, id);
  }

  async resolve(actor: Actor, id: string, note: string): Promise<AlertRow> {
    await this.get(actor, id);
    if (!(await this.repo.resolve(id, actor.userId, note, this.clock.now()))) throw new AppError("ALERT_RESOLVED", "The alert is already resolved");
    return this.get(actor, id);
  }
}
