// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Pledges (仓单质押): loans against warehouse receipts, valued every day at the day's price.
/// @notice The owner of receipts of one commodity asks a bank for a loan against them: the receipts are locked
/// at once, so no second pledge, transfer, split, delivery or cancellation can reach them. The bank draws the
/// loan down, paying the owner in settlement cash, only if the amount is at most the receipts' value (quantity
/// × the commodity's price of the day) × the bank's pledge rate for the commodity, which the bank sets within
/// the operator's bound (70% by default); the platform's fee, fixed at the request, comes out of the proceeds. Interest runs from the drawdown as on vouchers: 360-day year, whole
/// CST days, half up to the fen. Repayment in settlement cash (interest first) releases the receipts once
/// nothing is owed. Against the current price, a loan at or above the warning ratio (80%) is flagged, and at or
/// above the call ratio (85%) a margin call gives the owner `callDays` days to add receipts or repay part;
/// after that the bank may declare the loan in default. The bank takes the receipts (处置) when the loan is in
/// default, or still owed `graceDays` days after maturity. Ratios are of the outstanding principal to the value:
/// the interest is what the margin between the pledge rate and the call ratio is for.
interface IPledges {
    enum Status {
        None,
        Requested,
        Active,
        Repaid,
        Cancelled,
        Defaulted,
        Seized
    }

    /// @notice The operator's bounds, all in basis points of the receipts' value except the two periods.
    struct Bounds {
        uint16 maxPledgeRateBps;
        uint16 warningBps;
        uint16 callBps;
        uint16 callDays;
        uint16 graceDays;
    }

    struct Loan {
        address borrower;
        uint40 maturity;
        uint40 callDeadline;
        Status status;
        address bank;
        uint40 interestFrom;
        uint16 rateBps;
        uint16 feeBps;
        bytes16 commodity;
        uint96 quantity;
        uint128 principal;
        uint128 interest;
    }

    /// @notice Emitted when the operator changes the bounds.
    event BoundsChanged(Bounds bounds);
    /// @notice Emitted when `bank` sets its pledge rate on `commodity` (0: it lends no more against it).
    event PledgeRateSet(address indexed bank, bytes16 indexed commodity, uint16 rateBps);
    /// @notice Emitted when `borrower` pledges `receiptIds` to `bank` and asks for `amount` at `rateBps` a year.
    event PledgeRequested(
        uint256 indexed loanId,
        address indexed borrower,
        address indexed bank,
        bytes16 commodity,
        uint256[] receiptIds,
        uint128 amount,
        uint16 rateBps,
        uint40 maturity
    );
    /// @notice Emitted when a requested pledge is withdrawn by its borrower or declined by its bank.
    event PledgeCancelled(uint256 indexed loanId, address by);
    /// @notice Emitted when the bank pays the loan out: `value` at `fenPerTonne`, of which at most `limit` lends.
    /// The borrower received `amount` less the platform's `fee`, which went to the fee's recipient.
    event LoanDrawn(
        uint256 indexed loanId, uint128 amount, uint256 value, uint256 limit, uint128 fenPerTonne, uint256 fee
    );
    /// @notice Emitted when the operator sets the platform's fee on pledge loans and who receives it.
    event FeeChanged(uint16 feeBps, address recipient);
    /// @notice Emitted when the borrower adds receipts to a loan.
    event CollateralAdded(uint256 indexed loanId, uint256[] receiptIds, uint96 quantity);
    /// @notice Emitted when `payer` repays `interestPaid` + `principalPaid`; `principalLeft` is still owed.
    event LoanRepaid(
        uint256 indexed loanId, address indexed payer, uint128 interestPaid, uint128 principalPaid, uint128 principalLeft
    );
    /// @notice Emitted when nothing is owed any more and the receipts are released.
    event PledgeReleased(uint256 indexed loanId);
    /// @notice Emitted when a check finds the loan at or above the warning ratio, below the call ratio.
    event MarginWarning(uint256 indexed loanId, uint256 ratioBps);
    /// @notice Emitted when a check finds the loan at or above the call ratio: the owner has until `deadline`.
    event MarginCalled(uint256 indexed loanId, uint256 ratioBps, uint40 deadline);
    /// @notice Emitted when a top-up, a repayment or a better price brings a called loan below the call ratio.
    event MarginCallCured(uint256 indexed loanId, uint256 ratioBps);
    /// @notice Emitted when the bank declares a loan in default after an unanswered margin call.
    event LoanDefaulted(uint256 indexed loanId, uint256 ratioBps);
    /// @notice Emitted when the bank takes the receipts, with what was still owed.
    event CollateralSeized(uint256 indexed loanId, address indexed bank, uint128 principal, uint128 interest);

    /// @notice Thrown when the loan is not in a status that allows the action.
    error PledgesInvalidStatus(uint256 loanId, Status status);
    /// @notice Thrown when someone other than the loan's bank acts for the bank.
    error PledgesNotBank(uint256 loanId, address caller);
    /// @notice Thrown when someone other than the loan's borrower acts for the borrower.
    error PledgesNotBorrower(uint256 loanId, address caller);
    /// @notice Thrown when neither the borrower nor the bank cancels a request.
    error PledgesNotParty(uint256 loanId, address caller);
    /// @notice Thrown when the bounds are inconsistent: 0 < maxPledgeRate <= warning < call <= 100%, and
    /// callDays > 0.
    error PledgesInvalidBounds();
    /// @notice Thrown when a bank's pledge rate is above the operator's bound.
    error PledgesRateAboveBound(uint16 rateBps, uint16 maxPledgeRateBps);
    /// @notice Thrown when the bank has no pledge rate on the commodity.
    error PledgesNoPledgeRate(address bank, bytes16 commodity);
    /// @notice Thrown when an interest rate is zero or above 100% a year.
    error PledgesInvalidRate(uint16 rateBps);
    /// @notice Thrown when the maturity is not in the future.
    error PledgesInvalidMaturity(uint40 maturity);
    /// @notice Thrown when no receipts are given, or a loan would hold more than `MAX_RECEIPTS`.
    error PledgesInvalidReceipts(uint256 count);
    /// @notice Thrown when a receipt's commodity is not the loan's.
    error PledgesCommodityMismatch(uint256 receiptId, bytes16 commodity, bytes16 expected);
    /// @notice Thrown when the amount is above the receipts' value × the pledge rate.
    error PledgesAboveLimit(uint128 amount, uint256 limit);
    /// @notice Thrown when an amount is zero, or a repayment above what is owed.
    error PledgesInvalidAmount(uint128 amount, uint256 due);
    /// @notice Thrown when declaring a default with no margin call, before its deadline, or once the loan is
    /// back below the call ratio.
    error PledgesNoDefault(uint256 loanId, uint40 callDeadline, uint256 ratioBps);
    /// @notice Thrown when the fee is above `MAX_FEE_BPS` or its recipient is not an active operator.
    error PledgesInvalidFee(uint16 feeBps, address recipient);
    /// @notice Thrown when the bank would take the receipts of a borrower under a judicial freeze.
    error PledgesBorrowerFrozen(uint256 loanId, address borrower);
    /// @notice Thrown when taking the receipts of a loan neither in default nor `graceDays` past maturity.
    error PledgesNotEnforceable(uint256 loanId, uint256 enforceableFrom);

    /// @notice Sets the bounds. Operator only.
    function setBounds(Bounds calldata bounds) external;

    /// @notice Sets the platform's fee on the amounts of pledge loans requested from now on, taken from the
    /// borrower's proceeds at drawdown, and its recipient. Operator only.
    function setFee(uint16 feeBps, address recipient) external;

    /// @notice Sets the caller's pledge rate on `commodity`, at most the bound. Active banks only.
    function setPledgeRate(bytes16 commodity, uint16 rateBps) external;

    /// @notice Locks `receiptIds`, the caller's and of one commodity, and asks `bank` for `amount` at `rateBps`
    /// a year until `maturity`. The amount must be within today's limit already.
    function request(uint256[] calldata receiptIds, address bank, uint128 amount, uint16 rateBps, uint40 maturity)
        external
        returns (uint256 loanId);

    /// @notice The bank pays the amount to the borrower, valued again at today's price and its rate now. Needs
    /// the bank's settlement-cash allowance to this contract.
    function drawdown(uint256 loanId) external;

    /// @notice The borrower withdraws, or the bank declines, a request not yet drawn; the receipts are released.
    function cancel(uint256 loanId) external;

    /// @notice The borrower adds receipts of the loan's commodity; a margin call they cure is lifted.
    function topUp(uint256 loanId, uint256[] calldata receiptIds) external;

    /// @notice Pays `amount` of an active or defaulted loan, interest first, from the caller's settlement cash
    /// (with its allowance to this contract). Paid in full, the receipts are released.
    function repay(uint256 loanId, uint128 amount) external;

    /// @notice Values an active loan at today's price: warns, calls, or lifts a call. Anyone may call it.
    function check(uint256 loanId) external returns (uint256 ratioBps);

    /// @notice The bank declares the loan in default: its margin call's deadline passed and it is still at or
    /// above the call ratio at today's price.
    function declareDefault(uint256 loanId) external;

    /// @notice The bank takes the receipts of a loan in default, or `graceDays` past maturity, unless the
    /// borrower is frozen.
    function seize(uint256 loanId) external;

    /// @notice The loan's record.
    function loan(uint256 loanId) external view returns (Loan memory);

    /// @notice The receipts pledged for the loan.
    function receiptsOf(uint256 loanId) external view returns (uint256[] memory);

    /// @notice Principal and interest owed now, interest counted to today.
    function due(uint256 loanId) external view returns (uint128 principal, uint128 interest);

    /// @notice `bank`'s pledge rate on `commodity`.
    function pledgeRate(address bank, bytes16 commodity) external view returns (uint16);

    /// @notice The operator's bounds.
    function bounds() external view returns (Bounds memory);

    /// @notice The platform's fee in basis points, and its recipient.
    function fee() external view returns (uint16 feeBps, address recipient);

    /// @notice The id of the newest loan.
    function lastId() external view returns (uint256);
}
