/**
 * The regulator's reports: how far each core enterprise's credit reached down its supply chain, and what is still
 * owed, to whom and when. The operator and the regulator see every core enterprise; a core enterprise sees its own.
 */
import { seesEverything, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import type { Page, PageQuery } from "../http/pagination";
import type { OrganisationRepository, OrganisationView } from "../organisations/organisation.repository";
import { ReachTally } from "./reach-tally";
import type { ReportRepository, SlotRow } from "./report.repository";

export interface Core {
  id: string;
  name: string;
  account: string;
}

export interface TierReach {
  tier: number;
  reached: bigint;
  pieces: number;
  suppliers: number;
  financed: bigint;
  financedNet: bigint;
  financings: number;
}

export interface CoreReach {
  core: Core;
  suppliersReached: number;
  tiers: TierReach[];
}

export interface Outstanding {
  total: bigint;
  byDebtor: { debtor: string; outstanding: bigint; heldByBanks: bigint; heldBySuppliers: bigint; escrowed: bigint; overdue: bigint }[];
  byBank: { bank: string; held: bigint; byDebtor: { debtor: string; held: bigint }[] }[];
  byMaturity: (SlotRow & { heldByBanks: bigint })[];
  /** The organisations behind the accounts the report names. */
  orgs: ReadonlyMap<string, OrganisationView>;
}

const add = <K>(m: Map<K, bigint>, k: K, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);

export class ReportService {
  private readonly reach: ReachTally;

  constructor(
    private readonly repo: ReportRepository,
    private readonly orgs: OrganisationRepository,
  ) {
    this.reach = new ReachTally(repo);
  }

  /** The one core enterprise `coreId` names, or all, that `actor` may report on; 404 when it is not one of them. */
  private coreIds(actor: Actor, coreId: string | undefined): string[] | undefined {
    if (seesEverything(actor)) return coreId ? [coreId] : undefined;
    if (!actor.org.kinds.includes("core")) throw new AppError("FORBIDDEN", "Only the operator, the regulator or a core enterprise may see this report");
    if (coreId && coreId !== actor.org.id) throw new AppError("NOT_FOUND", "No such core enterprise");
    return [actor.org.id];
  }

  /** A page of core enterprises, newest first, each with all its tiers: a core enterprise's reach is one item. */
  async tierReach(actor: Actor, q: PageQuery & { coreOrgId?: string | undefined }): Promise<Page<CoreReach>> {
    const page = await this.repo.coreOrganisations({ cursor: q.cursor, limit: q.limit }, this.coreIds(actor, q.coreOrgId));
    if (q.coreOrgId && page.items.length === 0 && q.cursor === undefined) throw new AppError("NOT_FOUND", "No such core enterprise");
    const cores: Core[] = page.items.map(({ id, name, account }) => ({ id, name, account }));
    const accounts = cores.map((c) => c.account);
    const [reach, financed] = await Promise.all([this.reach.reach(accounts), this.repo.financed(accounts)]);
    const items = cores.map((core) => {
      const tiers = new Map<number, TierReach & { recipients: Set<string> }>();
      const tier = (n: number) => {
        let t = tiers.get(n);
        if (!t) {
          t = { tier: n, reached: 0n, pieces: 0, suppliers: 0, financed: 0n, financedNet: 0n, financings: 0, recipients: new Set() };
          tiers.set(n, t);
        }
        return t;
      };
      const everyone = new Set<string>();
      for (const r of reach.filter((x) => x.debtor === core.account)) {
        const t = tier(r.tier);
        t.reached += r.amount;
        t.pieces += r.pieces;
        t.recipients.add(r.recipient);
        everyone.add(r.recipient);
      }
      for (const f of financed.filter((x) => x.debtor === core.account)) {
        const t = tier(f.tier);
        t.financed += f.amount;
        t.financedNet += f.net;
        t.financings += f.count;
      }
      const list = [...tiers.values()]
        .sort((a, b) => a.tier - b.tier)
        .map(({ recipients, ...t }) => ({ ...t, suppliers: recipients.size }));
      return { core, suppliersReached: everyone.size, tiers: list };
    });
    return { items, nextCursor: page.nextCursor };
  }

  async outstanding(actor: Actor): Promise<Outstanding> {
    // Throws for anyone but the platform and core enterprises; a core enterprise sees its own debts.
    const debtors = this.coreIds(actor, undefined) && [actor.org.account];
    const [holdings, slots, banks] = await Promise.all([this.repo.holdings(debtors), this.repo.slots(debtors), this.repo.bankAccounts()]);

    const byDebtor = new Map<string, Outstanding["byDebtor"][number]>();
    const row = (debtor: string) => {
      let r = byDebtor.get(debtor);
      if (!r) byDebtor.set(debtor, (r = { debtor, outstanding: 0n, heldByBanks: 0n, heldBySuppliers: 0n, escrowed: 0n, overdue: 0n }));
      return r;
    };
    const byBank = new Map<string, Map<string, bigint>>();
    // Banks' share of each maturity: when the banks are paid back.
    const bankBySlot = new Map<string, bigint>();
    const slotKey = (debtor: string, maturity: Date) => `${debtor}@${maturity.getTime()}`;
    let total = 0n;
    for (const h of holdings) {
      const r = row(h.debtor);
      r.outstanding += h.value;
      total += h.value;
      if (banks.has(h.owner)) {
        r.heldByBanks += h.value;
        let bank = byBank.get(h.owner);
        if (!bank) byBank.set(h.owner, (bank = new Map<string, bigint>()));
        add(bank, h.debtor, h.value);
        add(bankBySlot, slotKey(h.debtor, h.maturity), h.value);
      } else {
        r.heldBySuppliers += h.value;
      }
    }
    for (const s of slots) {
      if (s.outstanding === 0n && s.escrowed === 0n) continue;
      const r = row(s.debtor);
      r.escrowed += s.escrowed;
      if (s.overdue) r.overdue += s.outstanding;
    }
    const accounts = new Set<string>([...byDebtor.keys(), ...byBank.keys(), ...slots.map((s) => s.debtor)]);
    return {
      total,
      orgs: await this.orgs.byAccounts([...accounts]),
      byDebtor: [...byDebtor.values()].sort((a, b) => (a.debtor < b.debtor ? -1 : 1)),
      byBank: [...byBank.entries()]
        .map(([bank, m]) => ({
          bank,
          held: [...m.values()].reduce((s, v) => s + v, 0n),
          byDebtor: [...m.entries()].map(([debtor, held]) => ({ debtor, held })).sort((a, b) => (a.debtor < b.debtor ? -1 : 1)),
        }))
        .sort((a, b) => (a.bank < b.bank ? -1 : 1)),
      byMaturity: slots
        .filter((s) => s.outstanding > 0n)
        .map((s) => ({ ...s, heldByBanks: bankBySlot.get(slotKey(s.debtor, s.maturity)) ?? 0n })),
    };
  }
}
