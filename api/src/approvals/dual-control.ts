/**
 * Dual control (四眼原则): actions that move money or credit are proposed by a maker and carried out only when a
 * different checker of the same organisation approves. The approval is claimed atomically, so that of many
 * simultaneous approvals exactly one runs the action and the rest get 409 ALREADY_DECIDED.
 */
import { ChainError } from "../../../chain/errors";
import type { Actor, UserRole } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { isRetryable } from "../retryable";
import { mapPage, type Page, type PageQuery } from "../http/pagination";
import { mustExist } from "../must-exist";
import type { ApprovalRepository, PendingActionRow } from "./approval.repository";

/** What an approved action produced. `txHash` is the ledger transaction, when there was one. */
export interface Executed {
  txHash?: string;
  [field: string]: unknown;
}

export interface ActionKind<T> {
  /** Checks a proposal before it is stored (so that a maker learns of bad input at once) and returns its JSON. */
  propose(maker: Actor, input: T): Promise<unknown>;
  /** Runs the approved action as the checker's organisation. */
  execute(checker: Actor, payload: unknown): Promise<Executed>;
  /** Undoes whatever `propose` reserved, when the checker rejects. */
  onReject?(checker: Actor, payload: unknown): Promise<void>;
  /** Who may propose: a maker unless the kind says otherwise (an admin proposes changes to users). */
  proposers?: readonly UserRole[];
  /**
   * True when the proposer's organisation has nobody who could check it (a new organisation's admin appointing its
   * first checker): the action is then carried out at once and recorded with the proposer as its checker.
   */
  alone?(maker: Actor): Promise<boolean>;
}

/** A module's dual-control kinds, by name: each module declares its own in `<module>.actions.ts`. */
export type ActionTable = Readonly<Record<string, ActionKind<never>>>;

/** Declares one kind with its input type checked, for a table of kinds of different inputs. */
export const action = <T>(kind: ActionKind<T>): ActionKind<never> => kind;

export interface PendingActionView extends PendingActionRow {
  txHash: string | null;
}

const view = (row: PendingActionRow): PendingActionView => ({
  ...row,
  txHash: (row.result as { txHash?: string } | null)?.txHash ?? null,
});

export class DualControl {
  private readonly handlers = new Map<string, ActionKind<unknown>>();

  constructor(private readonly repo: ApprovalRepository) {}

  /** Registers a module's kinds; a kind registered twice is a programming error. */
  register(table: ActionTable): void {
    for (const [kind, handler] of Object.entries(table)) {
      if (this.handlers.has(kind)) throw new Error(`action kind ${kind} is registered twice`);
      this.handlers.set(kind, handler);
    }
  }

  /** Every kind the modules registered: what the approvals API lists and filters by. */
  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** `input` is what the route validated for `kind`; the kind's own `propose` checks it further. */
  async propose(maker: Actor, kind: string, input: unknown): Promise<PendingActionView> {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`unknown action kind ${kind}`);
    const proposers = handler.proposers ?? ["maker"];
    if (!proposers.includes(maker.role)) throw new AppError("FORBIDDEN", `Only ${proposers.join(" or ")} may propose this; a checker then approves it`);
    const payload = await handler.propose(maker, input);
    const row = await this.repo.create({ organisationId: maker.org.id, kind, payload, makerUserId: maker.userId });
    if (!(await handler.alone?.(maker))) return view(row);
    return this.run(row, maker);
  }

  /** Own organisation's actions only; any other id is 404. */
  async get(actor: Actor, id: string): Promise<PendingActionView> {
    const row = await this.repo.get(id);
    if (!row || (row.organisationId !== actor.org.id && !seesEverything(actor))) throw new AppError("NOT_FOUND", "No such pending action");
    return view(row);
  }

  async list(actor: Actor, q: PageQuery & { status?: string | undefined; kind?: string | undefined }): Promise<Page<PendingActionView>> {
    return mapPage(await this.repo.list({ ...q, organisationId: actor.org.id }), view);
  }

  async approve(checker: Actor, id: string): Promise<PendingActionView> {
    const row = await this.get(checker, id);
    if (row.organisationId !== checker.org.id) throw new AppError("NOT_FOUND", "No such pending action");
    if (checker.role !== "checker") throw new AppError("FORBIDDEN", "Only a checker may approve");
    // People, not credentials: an API key acts for its user, so one person's maker key and checker key are one person.
    if (row.makerUserId === checker.userId) throw new AppError("SAME_USER");
    return this.run(row, checker);
  }

  /** Claims the action for `checker` and runs it; of simultaneous runs, one wins and the rest are 409. */
  private async run(row: PendingActionRow, checker: Actor): Promise<PendingActionView> {
    const id = row.id;
    if (!(await this.repo.claim(id, "executing", checker.userId))) throw new AppError("ALREADY_DECIDED", `The action is ${(await this.repo.get(id))?.status}`);
    const handler = this.handlers.get(row.kind);
    if (!handler) throw new Error(`unknown action kind ${row.kind}`);
    let done: PendingActionRow;
    try {
      const result = await handler.execute(checker, row.payload);
      done = await this.repo.finish(id, "approved", result);
    } catch (e) {
      const retryable = isRetryable(e);
      const code = e instanceof AppError || e instanceof ChainError ? e.code : "INTERNAL";
      // A ledger that said no is a decision; a ledger (or database) that did not answer is not, so it stays pending.
      await this.repo.finish(id, retryable ? "pending" : "failed", retryable ? undefined : { error: code });
      throw e;
    }
    return view(done);
  }

  async reject(checker: Actor, id: string, note: string): Promise<PendingActionView> {
    const row = await this.get(checker, id);
    if (row.organisationId !== checker.org.id) throw new AppError("NOT_FOUND", "No such pending action");
    if (checker.role !== "checker") throw new AppError("FORBIDDEN", "Only a checker may reject");
    if (!(await this.repo.claim(id, "rejected", checker.userId, { note }))) throw new AppError("ALREADY_DECIDED");
    await this.handlers.get(row.kind)?.onReject?.(checker, row.payload);
    return view(mustExist(await this.repo.get(id), `pending action ${id}`));
  }
}
