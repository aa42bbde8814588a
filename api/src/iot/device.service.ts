/**
 * A warehouse's devices. Registering a device decides whose signature attests the goods in a bay, and retiring one
 * stops a bay's supervision: either could hide a pledge's goods going missing, so both are a maker's proposal and a
 * checker's approval (device.actions.ts), as a core enterprise's program settings are. A device's key is its own:
 * one key is never registered twice, so a reading's signature names one device.
 */
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import type { Clock } from "../clock";
import { isUniqueViolation } from "../db/unique";
import { AppError } from "../errors";
import { partyOfId, type Party } from "../http/party";
import type { Page, PageQuery } from "../http/pagination";
import { mapPageAsync } from "../http/pagination";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import { ed25519Key } from "./device-key";
import type { DeviceFilter, DeviceRepository, DeviceRow } from "./device.repository";
import type { DeviceKind } from "./reading-payload";

export interface NewDeviceInput {
  kind: DeviceKind;
  publicKey: string;
  bay: string;
  label?: string | undefined;
}

export interface DeviceView extends DeviceRow {
  warehouse: Party;
}

export class DeviceService {
  constructor(
    private readonly repo: DeviceRepository,
    private readonly orgs: OrganisationRepository,
    private readonly clock: Clock,
  ) {}

  private async views(rows: DeviceRow[]): Promise<DeviceView[]> {
    const byId = await this.orgs.byIds([...new Set(rows.map((r) => r.organisationId))]);
    return rows.map((r) => ({ ...r, warehouse: partyOfId(r.organisationId, byId) }));
  }

  /** What a maker proposes, checked now so that the checker is never asked to approve a key that cannot work. */
  async checkNew(maker: Actor, input: NewDeviceInput): Promise<NewDeviceInput & { warehouse: Party }> {
    if (!ed25519Key(input.publicKey)) throw new AppError("IOT_DEVICE_KEY_INVALID");
    if (await this.repo.byKey(input.publicKey)) throw new AppError("IOT_DEVICE_KEY_TAKEN");
    return { ...input, warehouse: { id: maker.org.id, name: maker.org.name, account: maker.org.account } };
  }

  async register(checker: Actor, input: NewDeviceInput & { proposedBy: string }): Promise<DeviceView> {
    await this.checkNew(checker, input);
    try {
      const row = await this.repo.create({
        organisationId: checker.org.id,
        kind: input.kind,
        publicKey: input.publicKey,
        bay: input.bay,
        label: input.label ?? null,
        registeredAt: this.clock.now(),
        proposedBy: input.proposedBy,
        registeredBy: checker.userId,
      });
      return (await this.views([row]))[0];
    } catch (e) {
      // Two approvals of one key at once: the unique index lets one in.
      if (isUniqueViolation(e)) throw new AppError("IOT_DEVICE_KEY_TAKEN");
      throw e;
    }
  }

  /** The warehouse's own device, not retired: what a retirement may be proposed for. Another's is 404. */
  async retirable(actor: Actor, id: string): Promise<DeviceView> {
    const d = await this.get(actor, id);
    if (d.retiredAt) throw new AppError("IOT_DEVICE_ALREADY_RETIRED");
    return d;
  }

  async retire(checker: Actor, id: string): Promise<DeviceView> {
    await this.retirable(checker, id);
    if (!(await this.repo.retire(id, checker.userId, this.clock.now()))) throw new AppError("IOT_DEVICE_ALREADY_RETIRED");
    return this.get(checker, id);
  }

  async get(actor: Actor, id: string): Promise<DeviceView> {
    const d = await this.repo.get(id);
    if (!d || (d.organisationId !== actor.org.id && !seesEverything(actor))) throw new AppError("NOT_FOUND", "No such device");
    return (await this.views([d]))[0];
  }

  /** A warehouse's own devices; every warehouse's for the operator and the regulator. */
  async list(actor: Actor, q: PageQuery & Pick<DeviceFilter, "retired">): Promise<Page<DeviceView>> {
    const f: DeviceFilter = { retired: q.retired, ...(seesEverything(actor) ? {} : { organisationId: actor.org.id }) };
    return mapPageAsync(await this.repo.list(q, f), (rows) => this.views(rows));
  }
}
