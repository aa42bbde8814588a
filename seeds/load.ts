/**
 * Loads the demo cast through the same services the API uses (apply, approve, add users), never by writing
 * tables: what the seeds create is exactly what a user of the API would have created. Running it again does
 * nothing.
 */
import { ChainError } from "../chain/errors";
import type { Ledger } from "../chain/ledger";
import type { Actor } from "../api/src/auth/actor";
import { CashRepository } from "../api/src/cash/cash.repository";
import { CashService } from "../api/src/cash/cash.service";
import type { ApplicantKind } from "../api/src/onboarding/onboarding.service";
import type { Services } from "../api/src/server";
import { AppError } from "../api/src/errors";
import { IOT_DEVICE_REGISTER } from "../api/src/iot/device.actions";
import { SEEDED_DEVICES, seededPublicKey } from "./devices";
import { bilingualName, ORGANISATIONS, seededOrganisation, seededUser, type SeedOrganisation } from "./organisations";

/** Every seeded user's password. Printed at start; a demo, not a secret. */
export const DEMO_PASSWORD = "scf-demo-2026!";

export interface SeededOrganisation extends SeedOrganisation {
  id: string;
  account: string;
}

async function actorOf(services: Services, email: string): Promise<Actor> {
  const session = await services.auth.login(email, DEMO_PASSWORD);
  return services.auth.actorOf(`Bearer ${session.accessToken}`);
}

export async function loadSeeds(
  services: Services,
  log: (m: string) => void = () => {
    /* quiet unless the caller wants to hear */
  },
): Promise<SeededOrganisation[]> {
  const out: SeededOrganisation[] = [];
  const platformOrgs = ORGANISATIONS.filter((o) => o.kinds.includes("operator") || o.kinds.includes("regulator"));
  for (const o of platformOrgs) {
    const kind = o.kinds[0] as "operator" | "regulator";
    const id = await services.onboarding.ensurePlatformOrganisation({ kind, name: o.name, nameEn: o.nameEn, uscc: o.uscc });
    const admin = seededUser(o, "admin");
    await services.onboarding.bootstrapAdmin(id, { ...admin, password: DEMO_PASSWORD });
  }
  const operator = await actorOf(services, seededUser(seededOrganisation("operator"), "admin").email);
  for (const o of ORGANISATIONS) {
    const admin = seededUser(o, "admin");
    let org = (await services.organisations.list({ limit: 1000 })).items.find((x) => x.uscc === o.uscc);
    if (!org) {
      const app = await services.onboarding.apply({
        name: o.name,
        nameEn: o.nameEn,
        uscc: o.uscc,
        kinds: o.kinds as ApplicantKind[],
        admin: { name: admin.name, email: admin.email, password: DEMO_PASSWORD },
      });
      await services.onboarding.approve(operator, app.id);
      org = (await services.organisations.list({ limit: 1000 })).items.find((x) => x.uscc === o.uscc);
      if (!org) throw new Error(`${o.nameEn} was approved but is not in the directory`);
      log(`Seeded ${bilingualName(o)}`);
    }
    const adminActor = await actorOf(services, admin.email);
    const existing = new Set((await services.organisations.users(adminActor, org.id, { limit: 100 })).items.map((u) => u.email));
    for (const u of o.users) {
      if (!existing.has(u.email)) await services.organisations.addUser(adminActor, org.id, { ...u, password: DEMO_PASSWORD });
    }
    out.push({ ...o, id: org.id, account: org.account });
  }
  await designateSettlementBank(services, out);
  await appointPricePublisher(services, out);
  await registerDevices(services, log);
  return out;
}

/**
 * The warehouse's maker proposes each seeded device (seeds/devices.ts) with its derived public key and its checker
 * approves, as at POST /iot/devices; a key already registered is a device already seeded.
 */
async function registerDevices(services: Services, log: (m: string) => void): Promise<void> {
  const warehouse = seededOrganisation("warehouse");
  const maker = await actorOf(services, seededUser(warehouse, "maker").email);
  const checker = await actorOf(services, seededUser(warehouse, "checker").email);
  for (const d of SEEDED_DEVICES) {
    try {
      const proposed = await services.dual.propose(maker, IOT_DEVICE_REGISTER, { kind: d.kind, publicKey: seededPublicKey(d), bay: d.bay, label: d.label });
      await services.dual.approve(checker, proposed.id);
      log(`Seeded the ${d.kind} in bay ${d.bay} of ${bilingualName(warehouse)}`);
    } catch (e) {
      if (e instanceof AppError && e.code === "IOT_DEVICE_KEY_TAKEN") continue;
      throw e;
    }
  }
}

/**
 * The operator's market-data desk posts the daily commodity prices that pledge loans are valued at, unless the
 * ledger already has it as a publisher. Seeded directly, as the settlement bank's designation is: in use, the
 * operator's maker proposes an appointment and its checker approves it (POST /prices/publishers).
 */
async function appointPricePublisher(services: Services, seeded: SeededOrganisation[]): Promise<void> {
  const operator = seeded.find((o) => o.kinds.includes("operator"));
  const d = services.domain;
  if (!operator || (await isPublisherWhereKept(d.platform.ledger, operator.account))) return;
  const r = await d.platform.ledger.prices.appointPublisher(operator.account, operator.account);
  await d.afterLedgerWrite(r.blockNumber);
}

/** Whether `account` publishes prices; true where the ledger keeps no prices (Fabric, so far): nothing to seed there. */
async function isPublisherWhereKept(ledger: Ledger, account: string): Promise<boolean> {
  try {
    return await ledger.prices.isPublisher(account);
  } catch (e) {
    if (e instanceof ChainError && e.code === "LEDGER_UNSUPPORTED") return true;
    throw e;
  }
}

/** The regulator designates the cast's settlement bank, unless the ledger already has it. */
async function designateSettlementBank(services: Services, seeded: SeededOrganisation[]): Promise<void> {
  const bank = seeded.find((o) => o.settlementBank);
  if (!bank) return;
  const d = services.domain;
  const cash = new CashService(new CashRepository(d.platform.db.prisma, d.clock), d.organisations, d.platform.ledger, d.afterLedgerWrite, d.platform.vault);
  if ((await cash.settlementBank())?.id === bank.id) return d.platform.vault.moveTo(bank.account, "settlement-bank");
  const regulator = await actorOf(services, seededUser(seededOrganisation("regulator"), "admin").email);
  await cash.designateSettlementBank(regulator, bank.id);
}
