/**
 * The embedded sandbox's registry data (registry.json) as tests, benchmarks and the demo use it: enterprises that
 * are registered and active but not in the cast, to apply with, and the cases for every other registry answer.
 */
import dataset from "./registry.json";
import { ORGANISATIONS } from "./organisations";

export interface RegisteredEnterprise {
  uscc: string;
  /** The registered name: the one an application must use. */
  name: string;
}

const cast = new Set(ORGANISATIONS.map((o) => o.uscc));

/** Active, registered, and not in the cast: each may apply once per database. */
export const SANDBOX_APPLICANTS: readonly RegisteredEnterprise[] = dataset.enterprises
  .filter((e) => e.status === "active" && !cast.has(e.uscc) && e.note === "sandbox applicant")
  .map((e) => ({ uscc: e.uscc, name: e.name }));

/** The `n`th sandbox applicant: a test file takes distinct ones, its database being its own. */
export function sandboxApplicant(n: number): RegisteredEnterprise {
  const a = SANDBOX_APPLICANTS.at(n);
  if (!a) throw new Error(`The sandbox has ${SANDBOX_APPLICANTS.length} applicants, not ${n + 1}`);
  return a;
}

/**
 * `count` distinct applicants drawn at random, for runs against a database that may already hold earlier runs'
 * newcomers (the demo, the benchmarks, the browser tests' shared platform).
 */
export function randomSandboxApplicants(count: number): RegisteredEnterprise[] {
  const pool = [...SANDBOX_APPLICANTS];
  const out: RegisteredEnterprise[] = [];
  for (let i = 0; i < count && pool.length > 0; i += 1) out.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]);
  return out;
}

const only = (status: string, note?: string): RegisteredEnterprise => {
  const e = dataset.enterprises.find((x) => x.status === status && !cast.has(x.uscc) && (note === undefined || x.note !== note));
  if (!e) throw new Error(`registry.json has no ${status} enterprise outside the cast`);
  return { uscc: e.uscc, name: e.name };
};

/** The registry's other answers, one enterprise each. */
export const REGISTRY_CASES = {
  revoked: only("revoked"),
  cancelled: only("cancelled"),
  /** Active and not a sandbox applicant: applying under another name is REGISTERED_NAME_MISMATCH. */
  registeredUnderItsOwnName: only("active", "sandbox applicant"),
};
