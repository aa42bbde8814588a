// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Financing (融资/贴现): a holder sells part of a voucher to a bank at a discount, atomically.
/// @notice Two steps, each the party's own transaction. The holder requests: the amount is locked. The bank
/// executes before the deadline, and in one transaction the piece goes to the bank, the holder receives
/// `amount − interest − fee` in settlement cash, the platform fee goes to the operator, and the bank's credit
/// line on the debtor is used by `amount`. Or the bank declines, the holder cancels, or after the deadline
/// anyone releases the lock.
interface IFinancing {
    struct Request {
        address holder;
        uint64 voucherId;
        uint32 deadline;
        address bank;
        uint64 amount;
        uint16 rateBps;
        uint16 feeBps;
    }

    /// @notice A price: what the holder receives for `amount` at `rateBps` with `days` to maturity.
    struct Quote {
        uint256 days_;
        uint256 interest;
        uint256 fee;
        uint256 net;
    }

    /// @notice Emitted when the operator sets the platform fee and who receives it.
    event FeeChanged(uint16 feeBps, address recipient);
    /// @notice Emitted when `holder` asks `bank` to finance `amount` of `voucherId`.
    event FinancingRequested(
        uint256 indexed requestId,
        uint256 indexed voucherId,
        address indexed bank,
        address holder,
        uint64 amount,
        uint16 rateBps,
        uint16 feeBps,
        uint32 deadline
    );
    /// @notice Emitted when the bank executes: `pieceId` is now the bank's; the holder got `net`.
    event FinancingExecuted(
        uint256 indexed requestId, uint256 indexed pieceId, uint256 days_, uint256 interest, uint256 fee, uint256 net
    );
    /// @notice Emitted when the bank declines request `requestId`.
    event FinancingDeclined(uint256 indexed requestId);
    /// @notice Emitted when the holder cancels request `requestId`.
    event FinancingCancelled(uint256 indexed requestId);
    /// @notice Emitted when anyone releases the lock of request `requestId` after its deadline.
    event FinancingReleased(uint256 indexed requestId, address releasedBy);

    /// @notice Thrown when a request is not pending: never made, or already executed, declined or released.
    error FinancingNotPending(uint256 requestId);
    /// @notice Thrown when someone other than the request's bank executes or declines.
    error FinancingNotBank(uint256 requestId, address caller);
    /// @notice Thrown when someone other than the request's holder cancels.
    error FinancingNotHolder(uint256 requestId, address caller);
    /// @notice Thrown when executing after the deadline.
    error FinancingExpired(uint256 requestId, uint32 deadline);
    /// @notice Thrown when releasing before the deadline has passed.
    error FinancingNotExpired(uint256 requestId, uint32 deadline);
    /// @notice Thrown when a deadline is not in the future or not before maturity.
    error FinancingInvalidDeadline(uint32 deadline);
    /// @notice Thrown when a rate is zero or above 100% a year.
    error FinancingInvalidRate(uint16 rateBps);
    /// @notice Thrown when the bank is not eligible for the debtor's program.
    error FinancingBankNotEligible(address bank, address debtor);
    /// @notice Thrown when interest and fee would leave the holder nothing.
    error FinancingNoProceeds(uint256 amount, uint256 interest, uint256 fee);
    /// @notice Thrown when the fee is above `MAX_FEE_BPS` or its recipient is not an active operator.
    error FinancingInvalidFee(uint16 feeBps, address recipient);

    /// @notice The caller, an active supplier holding `voucherId`, asks `bank` to finance `amount` of it at
    /// `rateBps` a year, until `deadline`. Locks the amount.
    function request(uint256 voucherId, uint64 amount, address bank, uint16 rateBps, uint32 deadline)
        external
        returns (uint256 requestId);

    /// @notice The request's bank buys the piece: delivery, payment, fee and credit-line use in one step.
    function execute(uint256 requestId) external returns (uint256 pieceId);

    /// @notice The request's bank declines; the lock is lifted.
    function decline(uint256 requestId) external;

    /// @notice The request's holder withdraws it; the lock is lifted.
    function cancel(uint256 requestId) external;

    /// @notice After the deadline, anyone lifts the lock of a request the bank let lapse.
    function release(uint256 requestId) external;

    /// @notice Sets the platform fee on financed amounts and its recipient. Operator only.
    function setFee(uint16 feeBps, address recipient) external;

    /// @notice A pending request.
    function requestOf(uint256 requestId) external view returns (Request memory);

    /// @notice The price of financing `amount` at `rateBps` and `feeBps` for a voucher maturing at `maturity`
    /// if executed at `at`: exactly what `execute` would pay.
    function quote(uint64 amount, uint16 rateBps, uint16 feeBps, uint40 maturity, uint256 at)
        external
        pure
        returns (Quote memory);

    /// @notice The platform fee in basis points, and its recipient.
    function fee() external view returns (uint16 feeBps, address recipient);
}
