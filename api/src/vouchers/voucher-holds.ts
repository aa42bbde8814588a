/**
 * Whether a voucher may move: one held (an invoice behind it or behind a voucher it came from was voided or
 * red-flushed after use) may not be passed on, split or financed until the regulator resolves the alert.
 */
import { AppError } from "../errors";
import type { ActiveHold, VoucherHoldRepository } from "./voucher-hold.repository";

export class VoucherHolds {
  constructor(private readonly repo: VoucherHoldRepository) {}

  /** The hold on each of these vouchers that has one (on itself or on a voucher it came from). */
  async of(ids: bigint[]): Promise<Map<bigint, ActiveHold>> {
    if (!(await this.repo.anyInForce())) return new Map();
    return this.repo.holdsOn(ids);
  }

  async mustBeFree(id: bigint): Promise<void> {
    const hold = await this.repo.holdOn(id);
    if (hold) {
      throw new AppError(
        "VOUCHER_ON_HOLD",
        `Voucher ${id} is held with voucher ${hold.voucherId}: an invoice behind it was voided or red-flushed after use; the regulator lifts the hold by resolving alert ${hold.alertId}`,
      );
    }
  }
}
