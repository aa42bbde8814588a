// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Settlement (清分): the core enterprise pays once, every holder is paid.
/// @notice The debtor funds a slot (its maturity) with settlement cash for the slot's outstanding face value;
/// the cash waits in escrow here. From the maturity day on, anyone can redeem a voucher of a funded slot, which
/// pays its holder and, for a bank's financed piece, releases that bank's credit line. A slot still unfunded a
/// grace period after maturity is overdue. Funding an overdue slot costs the debtor penalty interest on the slot's
/// whole outstanding value (no holder could be paid until then) at its program's penalty rate, for each CST day from
/// the maturity day (counted) to the funding day (not counted), 360-day year, half up to the fen; the penalty waits
/// here and each redeemed voucher's holder is paid its share, pro rata to value, the last share taking the rounding.
interface ISettlement {
    /// @notice Emitted when the operator changes the grace period.
    event GracePeriodChanged(uint32 graceSeconds);
    /// @notice Emitted when `debtor` escrows `amount` for its vouchers maturing at `maturity`.
    event SlotFundedBy(address indexed debtor, uint40 indexed maturity, uint256 amount);
    /// @notice Emitted once when a slot is found overdue, with what it was short.
    event SlotOverdue(address indexed debtor, uint40 indexed maturity, uint256 shortfall);

    /// @notice Emitted when `core` sets its program's penalty rate on overdue funding, in basis points a year.
    event PenaltyRateChanged(address indexed core, uint16 rateBps);
    /// @notice Emitted when `debtor` funds its overdue slot `days_` days late and escrows `penalty` on `base`.
    event PenaltyCharged(
        address indexed debtor, uint40 indexed maturity, uint256 days_, uint16 rateBps, uint256 base, uint256 penalty
    );
    /// @notice Emitted when the holder of redeemed voucher `id` is paid its `amount` of its slot's penalty.
    event PenaltyPaid(uint256 indexed id, address indexed holder, uint256 amount);

    /// @notice Thrown when a slot is already funded for all it owes.
    error SettlementNothingToFund(address debtor, uint40 maturity);
    /// @notice Thrown when a batch is empty or larger than `MAX_BATCH`.
    error SettlementBatchSize(uint256 size, uint256 max);
    /// @notice Thrown when flagging a slot that is funded, within its grace period, or already flagged.
    error SettlementNotOverdue(address debtor, uint40 maturity);
    /// @notice Thrown when a grace period exceeds 90 days.
    error SettlementInvalidGracePeriod(uint32 graceSeconds);

    /// @notice Thrown when a penalty rate is above `MAX_PENALTY_RATE_BPS`.
    error SettlementInvalidPenaltyRate(uint16 rateBps);
    /// @notice Thrown when asking for the penalty share of a voucher not redeemed yet.
    error SettlementNotRedeemed(uint256 id);
    /// @notice Thrown when the voucher's slot was funded without a penalty.
    error SettlementNoPenalty(uint256 id);
    /// @notice Thrown when the voucher's penalty share was already paid.
    error SettlementPenaltyPaid(uint256 id);

    /// @notice The caller, an active core enterprise, escrows the shortfall of its slot maturing at `maturity`; an
    /// overdue slot also escrows its penalty interest (see `PenaltyCharged`). Returns the shortfall.
    function fund(uint40 maturity) external returns (uint256 amount);

    /// @notice Pays the holder of redeemed voucher `id` its share of its slot's penalty, once. Anyone.
    function payPenalty(uint256 id) external returns (uint256 amount);

    /// @notice Sets the caller's penalty rate, at most `MAX_PENALTY_RATE_BPS` (0 until set: no penalty). A higher rate
    /// applies at once. A lower one applies only to slots maturing `PENALTY_NOTICE` (the longest term) after the
    /// change, so that a voucher issued under a rate is never charged less: earlier slots pay at least the highest
    /// rate the program had before the change. Active core enterprises only.
    function setPenaltyRate(uint16 rateBps) external;

    /// @notice The penalty rate that funding `debtor`'s slot maturing at `maturity` late would charge.
    function penaltyRateFor(address debtor, uint40 maturity) external view returns (uint16);

    /// @notice What funding `debtor`'s slot maturing at `maturity` at time `at` would charge in penalty, on its
    /// outstanding value now (0 if it would not be overdue then).
    function penaltyDue(address debtor, uint40 maturity, uint256 at) external view returns (uint256);

    /// @notice The slot's penalty still escrowed, and the redeemable value it is shared over.
    function penaltyOf(address debtor, uint40 maturity) external view returns (uint64 pool, uint64 base);

    /// @notice Whether voucher `id`'s penalty share has been paid.
    function penaltyPaid(uint256 id) external view returns (bool);

    /// @notice Redeems voucher `id` and pays its holder. Anyone, from maturity on, for a funded slot.
    function redeem(uint256 id) external;

    /// @notice Redeems up to `MAX_BATCH` vouchers, all or none.
    function redeemBatch(uint256[] calldata ids) external;

    /// @notice Records that a slot is overdue, so that the indexer and the regulator see it. Anyone.
    function flagOverdue(address debtor, uint40 maturity) external;

    /// @notice Sets the grace period after maturity. Operator only.
    function setGracePeriod(uint32 graceSeconds) external;

    /// @notice Whether the slot is unfunded a grace period after maturity.
    function isOverdue(address debtor, uint40 maturity) external view returns (bool);

    /// @notice The grace period in seconds.
    function gracePeriod() external view returns (uint32);
}
