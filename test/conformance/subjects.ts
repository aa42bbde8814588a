/**
 * The ledgers the conformance suite runs against, each behind the same port with the same cast: the embedded
 * EVM (Hardhat in process), an external `hardhat node` over JSON-RPC, and Fabric through the gateway test
 * server over gRPC (a test double of the peer, see test/fabric/support/gateway-server.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { vi } from "vitest";
import { connectLedger } from "../../chain/connect";
import type { Ledger, Role } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { HARDHAT_0, rawRpc, startHardhatNode } from "../helpers/hardhat-node";
import { START } from "../fabric/support/fixture";
import { gatewayWorld, setClock } from "../fabric/support/gateway-fixture";

export const CAST = ["operator", "regulator", "core", "tier1", "tier2", "tier3", "bank", "bank2", "cashBank"] as const;
export type Member = (typeof CAST)[number];

export interface Subject {
  ledger: Ledger;
  who: Record<Member, string>;
  /** Moves the ledger's time forward. */
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

const ROLES: Partial<Record<Member, Role[]>> = {
  core: ["core"],
  tier1: ["supplier"],
  tier2: ["supplier"],
  tier3: ["supplier"],
  bank: ["bank"],
  bank2: ["bank"],
  cashBank: ["bank"],
};

const hashOf = (label: string) => `0x${Buffer.from(label.padEnd(32, ".").slice(0, 32)).toString("hex")}`;

async function onboard(ledger: Ledger, who: Record<Member, string>): Promise<void> {
  for (const m of CAST) await ledger.ensureGas(who[m]);
  for (const [m, roles] of Object.entries(ROLES) as [Member, Role[]][]) {
    await ledger.participants.register(who.operator, { account: who[m], roles, usccHash: hashOf(`uscc ${m}`), kycHash: hashOf(`kyc ${m}`) });
  }
  await ledger.cash.designateSettlementBank(who.regulator, who.cashBank);
}

async function evm(): Promise<Subject> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-conformance-"));
  const keys = new StaticKeyRing();
  const who = Object.fromEntries(CAST.map((m) => [m, keys.create()])) as Record<Member, string>;
  const { ledger } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, { deployer: keys.create(), operator: who.operator, regulator: who.regulator });
  await onboard(ledger, who);
  return {
    ledger,
    who,
    advance: async (s) => {
      await ledger.clock.advance(s);
    },
    close: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A separate `hardhat node` process: its clock moves by its own RPC methods, as the port cannot move it. */
async function external(): Promise<Subject> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-conformance-external-"));
  const node = await startHardhatNode();
  const keys = new StaticKeyRing();
  const who = Object.fromEntries(CAST.map((m) => [m, keys.create()])) as Record<Member, string>;
  const { ledger } = await connectLedger({ mode: "external", rpcUrl: node.url, dataDir: dir }, keys, { deployer: keys.add(HARDHAT_0), operator: who.operator, regulator: who.regulator });
  await onboard(ledger, who);
  return {
    ledger,
    who,
    advance: async (s) => {
      await rawRpc(node.url, "evm_increaseTime", [s]);
      await rawRpc(node.url, "evm_mine");
    },
    close: async () => {
      await ledger.close();
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function fabric(): Promise<Subject> {
  const w = await gatewayWorld();
  let now = START;
  return {
    ledger: w.ledger,
    who: w.accounts,
    advance: (s) => {
      now += BigInt(s);
      setClock(now);
      return Promise.resolve();
    },
    close: async () => {
      await w.close();
      vi.useRealTimers();
    },
  };
}

export const SUBJECTS: { name: string; open: () => Promise<Subject> }[] = [
  { name: "embedded EVM", open: evm },
  { name: "external hardhat node", open: external },
  { name: "Fabric through the gateway", open: fabric },
];
