// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Settlement (清分): the core enterprise pays once, every holder is paid.
/// @notice The debtor funds a slot (its maturity) with settlement cash for the slot's outstanding face value;
/// the cash waits in escrow here. From the maturity day on, anyone can redeem a voucher of a funded slot, which
/// pays its holder and, for a bank's financed piece, releases that bank's credit line. A slot still unfunded a
/// grace period after maturity is overdue.
interface ISettlement {
    /// @notice Emitted when the operator changes the grace period.
    event GracePeriodChanged(uint32 graceSeconds);
    /// @notice Emitted when `debtor` escrows `amount` for its vouchers maturing at `maturity`.
    event SlotFundedBy(address indexed debtor, uint40 indexed maturity, uint256 amount);
    /// @notice Emitted once when a slot is found overdue, with what it was short.
    event SlotOverdue(address indexed debtor, uint40 indexed maturity, uint256 shortfall);

    /// @notice Thrown when a slot is already funded for all it owes.
    error SettlementNothingToFund(address debtor, uint40 maturity);
    /// @notice Thrown when a batch is empty or larger than `MAX_BATCH`.
    error SettlementBatchSize(uint256 size, uint256 max);
    /// @notice Thrown when flagging a slot that is funded, within its grace period, or already flagged.
    error SettlementNotOverdue(address debtor, uint40 maturity);
    /// @notice Thrown when a grace period exceeds 90 days.
    error SettlementInvalidGracePeriod(uint32 graceSeconds);

    /// @notice The caller, an active core enterprise, escrows the shortfall of its slot maturing at `maturity`.
    function fund(uint40 maturity) external returns (uint256 amount);

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
