/**
 * IoT supervision of warehouses: devices under dual control, signed readings, the job that anchors the
 * readings' Merkle roots on the ledger so that each reading can be proved against the chain, the rules judged as
 * readings arrive (reading-rules.ts), and the sweep that warns of devices gone silent.
 */
import { moduleJob, type DomainModule, type DomainModuleFactory } from "../domain/module";
import type { PeriodicJob } from "../jobs/periodic-job";
import { ANCHOR_READINGS_EVERY_JOB_INTERVALS, ReadingAnchoring } from "./anchoring";
import { AlertRepository } from "../alerts/alert.repository";
import { deviceActions } from "./device.actions";
import { DEVICE_SILENCE_EVERY_JOB_INTERVALS, DeviceSilenceWatch } from "./device-silence";
import { DeviceRepository } from "./device.repository";
import { DeviceService } from "./device.service";
import { iotRoutes } from "./iot.routes";
import { ReadingProofs } from "./reading-proof";
import { ReadingRepository } from "./reading.repository";
import { ReadingService } from "./reading.service";
import { BayRepository } from "./bay.repository";
import { ReadingWatch } from "./reading-rules";
import type { BatchRow } from "./reading.repository";

export interface IotModule extends DomainModule {
  /** The anchoring job, which tests, the benchmark and operations may run on demand (`runNow`). */
  anchoring: PeriodicJob<BatchRow[]>;
}

export const iotModule: DomainModuleFactory = (ctx): IotModule => {
  const { db, ledger, accounts, deployment } = ctx.platform;
  const deviceRepo = new DeviceRepository(db.prisma);
  const readingRepo = new ReadingRepository(db.prisma);
  const devices = new DeviceService(deviceRepo, ctx.organisations, ctx.clock);
  const alerts = new AlertRepository(db.prisma);
  const bays = new BayRepository(db.prisma);
  const watch = new ReadingWatch(bays, alerts, ctx.clock, ctx.platform.alertThresholds);
  const readings = new ReadingService(deviceRepo, readingRepo, ctx.clock, watch, ctx.log);
  const proofs = new ReadingProofs(readingRepo, ledger, { address: deployment.addresses.ReadingAnchors, chainId: deployment.chainId });
  const anchorer = new ReadingAnchoring(readingRepo, ledger, accounts.operator, ctx.afterLedgerWrite, ctx.clock);
  const anchoring = moduleJob(ctx, "Reading anchoring", () => anchorer.anchor(), ANCHOR_READINGS_EVERY_JOB_INTERVALS);
  const silence = new DeviceSilenceWatch(deviceRepo, bays, alerts, ctx.clock, ctx.platform.alertThresholds);
  const silenceSweep = moduleJob(ctx, "Device silence sweep", () => silence.run(), DEVICE_SILENCE_EVERY_JOB_INTERVALS);
  return {
    name: "iot",
    routes: iotRoutes(ctx.guard, ctx.dual, devices, readings, proofs),
    actions: deviceActions(devices),
    anchoring,
    jobs: [anchoring, silenceSweep],
  };
};
