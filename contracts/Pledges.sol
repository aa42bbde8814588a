// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IPledges} from "./interfaces/IPledges.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {IWarehouseReceipts} from "./interfaces/IWarehouseReceipts.sol";
import {ICommodityPrices} from "./interfaces/ICommodityPrices.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";
import {Discount} from "./libraries/Discount.sol";

/// @title Pledges
contract Pledges is IPledges {
    /// @dev Caps the loops that lock and release a loan's receipts.
    uint256 public constant MAX_RECEIPTS = 16;
    uint16 public constant MAX_RATE_BPS = 10_000;
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint256 private constant BPS = 10_000;
    uint256 private constant GRAMS_PER_TONNE = 1_000_000;

    IParticipants private immutable _participants;
    IWarehouseReceipts private immutable _receipts;
    ICommodityPrices private immutable _prices;
    ISettlementCash private immutable _cash;

    uint256 private _lastLoanId;
    Bounds private _bounds;
    uint16 private _feeBps;
    address private _feeRecipient;
    mapping(uint256 loanId => Loan) private _loans;
    mapping(uint256 loanId => uint256[]) private _receiptIds;
    mapping(address bank => mapping(bytes16 commodity => uint16)) private _rates;

    constructor(
        IParticipants participants,
        IWarehouseReceipts receipts,
        ICommodityPrices prices,
        ISettlementCash cash
    ) {
        _participants = participants;
        _receipts = receipts;
        _prices = prices;
        _cash = cash;
        _bounds = Bounds({maxPledgeRateBps: 7_000, warningBps: 8_000, callBps: 8_500, callDays: 3, graceDays: 10});
        emit BoundsChanged(_bounds);
    }

    /// @inheritdoc IPledges
    function setBounds(Bounds calldata b) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        if (
            b.maxPledgeRateBps == 0 || b.maxPledgeRateBps > b.warningBps || b.warningBps >= b.callBps
                || b.callBps > BPS || b.callDays == 0
        ) revert PledgesInvalidBounds();
        _bounds = b;
        emit BoundsChanged(b);
    }

    /// @inheritdoc IPledges
    function setFee(uint16 feeBps, address recipient) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        if (feeBps > MAX_FEE_BPS || !_participants.isActiveAs(recipient, Roles.OPERATOR)) {
            revert PledgesInvalidFee(feeBps, recipient);
        }
        _feeBps = feeBps;
        _feeRecipient = recipient;
        emit FeeChanged(feeBps, recipient);
    }

    /// @inheritdoc IPledges
    function setPledgeRate(bytes16 commodity, uint16 rateBps) external {
        _participants.requireActive(msg.sender, Roles.BANK);
        uint16 bound = _bounds.maxPledgeRateBps;
        if (rateBps > bound) revert PledgesRateAboveBound(rateBps, bound);
        _rates[msg.sender][commodity] = rateBps;
        emit PledgeRateSet(msg.sender, commodity, rateBps);
    }

    /// @inheritdoc IPledges
    function request(uint256[] calldata receiptIds, address bank, uint128 amount, uint16 rateBps, uint40 maturity)
        external
        returns (uint256 loanId)
    {
        _participants.requireActive(msg.sender, 0);
        _participants.requireActive(bank, Roles.BANK);
        if (rateBps == 0 || rateBps > MAX_RATE_BPS) revert PledgesInvalidRate(rateBps);
        if (maturity <= block.timestamp) revert PledgesInvalidMaturity(maturity);

        loanId = ++_lastLoanId;
        Loan storage ln = _loans[loanId];
        ln.borrower = msg.sender;
        ln.bank = bank;
        ln.maturity = maturity;
        ln.rateBps = rateBps;
        ln.feeBps = _feeBps;
        ln.principal = amount;
        ln.status = Status.Requested;
        _lock(loanId, ln, receiptIds);
        // Fail now rather than at drawdown; the drawdown values the receipts again at its own day's price.
        (, uint256 limit,) = _limit(ln);
        if (amount == 0) revert PledgesInvalidAmount(amount, limit);
        if (amount > limit) revert PledgesAboveLimit(amount, limit);
        emit PledgeRequested(loanId, msg.sender, bank, ln.commodity, receiptIds, amount, rateBps, maturity);
    }

    /// @inheritdoc IPledges
    function drawdown(uint256 loanId) external {
        Loan storage ln = _inStatus(loanId, Status.Requested);
        if (msg.sender != ln.bank) revert PledgesNotBank(loanId, msg.sender);
        _participants.requireActive(msg.sender, Roles.BANK);
        if (ln.maturity <= block.timestamp) revert PledgesInvalidMaturity(ln.maturity);
        (uint256 value, uint256 limit, uint128 price) = _limit(ln);
        uint128 amount = ln.principal;
        if (amount > limit) revert PledgesAboveLimit(amount, limit);
        ln.status = Status.Active;
        ln.interestFrom = uint40(block.timestamp);
        uint256 platformFee = Discount.fee(amount, ln.feeBps);
        emit LoanDrawn(loanId, amount, value, limit, price, platformFee);
        SafeERC20.safeTransferFrom(_cash, msg.sender, ln.borrower, amount - platformFee);
        if (platformFee != 0) SafeERC20.safeTransferFrom(_cash, msg.sender, _feeRecipient, platformFee);
    }

    /// @inheritdoc IPledges
    function cancel(uint256 loanId) external {
        Loan storage ln = _inStatus(loanId, Status.Requested);
        if (msg.sender != ln.borrower && msg.sender != ln.bank) revert PledgesNotParty(loanId, msg.sender);
        ln.status = Status.Cancelled;
        emit PledgeCancelled(loanId, msg.sender);
        _releaseAll(loanId);
    }

    /// @inheritdoc IPledges
    function topUp(uint256 loanId, uint256[] calldata receiptIds) external {
        Loan storage ln = _inStatus(loanId, Status.Active);
        if (msg.sender != ln.borrower) revert PledgesNotBorrower(loanId, msg.sender);
        _participants.requireActive(msg.sender, 0);
        uint96 before = ln.quantity;
        _lock(loanId, ln, receiptIds);
        emit CollateralAdded(loanId, receiptIds, ln.quantity - before);
        if (ln.callDeadline != 0) _cureIfBelowCall(loanId, ln);
    }

    /// @inheritdoc IPledges
    function repay(uint256 loanId, uint128 amount) external {
        Loan storage ln = _loans[loanId];
        if (ln.status != Status.Active && ln.status != Status.Defaulted) revert PledgesInvalidStatus(loanId, ln.status);
        _accrue(ln);
        uint256 owed = uint256(ln.principal) + ln.interest;
        if (amount == 0 || amount > owed) revert PledgesInvalidAmount(amount, owed);
        uint128 toInterest = amount < ln.interest ? amount : ln.interest;
        uint128 toPrincipal = amount - toInterest;
        ln.interest -= toInterest;
        ln.principal -= toPrincipal;
        emit LoanRepaid(loanId, msg.sender, toInterest, toPrincipal, ln.principal);
        if (amount == owed) {
            ln.status = Status.Repaid;
            ln.callDeadline = 0;
            emit PledgeReleased(loanId);
            _releaseAll(loanId);
        } else if (ln.callDeadline != 0 && ln.status == Status.Active) {
            _cureIfBelowCall(loanId, ln);
        }
        SafeERC20.safeTransferFrom(_cash, msg.sender, ln.bank, amount);
    }

    /// @inheritdoc IPledges
    function check(uint256 loanId) external returns (uint256 ratioBps) {
        Loan storage ln = _inStatus(loanId, Status.Active);
        ratioBps = _ratio(ln, _prices.today(ln.commodity));
        Bounds memory b = _bounds;
        if (ratioBps >= b.callBps) {
            if (ln.callDeadline == 0) {
                uint40 deadline = uint40(block.timestamp + uint256(b.callDays) * 1 days);
                ln.callDeadline = deadline;
                emit MarginCalled(loanId, ratioBps, deadline);
            }
        } else {
            if (ln.callDeadline != 0) {
                ln.callDeadline = 0;
                emit MarginCallCured(loanId, ratioBps);
            }
            if (ratioBps >= b.warningBps) emit MarginWarning(loanId, ratioBps);
        }
    }

    /// @inheritdoc IPledges
    function declareDefault(uint256 loanId) external {
        Loan storage ln = _inStatus(loanId, Status.Active);
        if (msg.sender != ln.bank) revert PledgesNotBank(loanId, msg.sender);
        _participants.requireActive(msg.sender, Roles.BANK);
        uint40 deadline = ln.callDeadline;
        uint256 ratioBps = _ratio(ln, _prices.today(ln.commodity));
        if (deadline == 0 || block.timestamp <= deadline || ratioBps < _bounds.callBps) {
            revert PledgesNoDefault(loanId, deadline, ratioBps);
        }
        _accrue(ln);
        ln.status = Status.Defaulted;
        emit LoanDefaulted(loanId, ratioBps);
    }

    /// @inheritdoc IPledges
    function seize(uint256 loanId) external {
        Loan storage ln = _loans[loanId];
        if (ln.status != Status.Active && ln.status != Status.Defaulted) revert PledgesInvalidStatus(loanId, ln.status);
        if (msg.sender != ln.bank) revert PledgesNotBank(loanId, msg.sender);
        _participants.requireActive(msg.sender, Roles.BANK);
        // A judicial freeze holds the goods where they are, against the pledgee too, until the court lifts it.
        if (_participants.statusOf(ln.borrower) == IParticipants.Status.Frozen) {
            revert PledgesBorrowerFrozen(loanId, ln.borrower);
        }
        if (ln.status == Status.Active) {
            uint256 from = uint256(ln.maturity) + uint256(_bounds.graceDays) * 1 days;
            if (block.timestamp < from) revert PledgesNotEnforceable(loanId, from);
        }
        _accrue(ln);
        ln.status = Status.Seized;
        ln.callDeadline = 0;
        emit CollateralSeized(loanId, msg.sender, ln.principal, ln.interest);
        uint256[] storage ids = _receiptIds[loanId];
        uint256 n = ids.length;
        for (uint256 i; i < n; ++i) {
            _receipts.seize(ids[i], msg.sender);
        }
    }

    /// @inheritdoc IPledges
    function loan(uint256 loanId) external view returns (Loan memory) {
        return _loans[loanId];
    }

    /// @inheritdoc IPledges
    function receiptsOf(uint256 loanId) external view returns (uint256[] memory) {
        return _receiptIds[loanId];
    }

    /// @inheritdoc IPledges
    function due(uint256 loanId) external view returns (uint128 principal, uint128 interest) {
        Loan memory ln = _loans[loanId];
        interest = ln.interest;
        if (ln.status == Status.Active || ln.status == Status.Defaulted) {
            interest += _accrued(ln.principal, ln.rateBps, ln.interestFrom);
        }
        return (ln.principal, interest);
    }

    /// @inheritdoc IPledges
    function pledgeRate(address bank, bytes16 commodity) external view returns (uint16) {
        return _rates[bank][commodity];
    }

    /// @inheritdoc IPledges
    function bounds() external view returns (Bounds memory) {
        return _bounds;
    }

    /// @inheritdoc IPledges
    function fee() external view returns (uint16 feeBps, address recipient) {
        return (_feeBps, _feeRecipient);
    }

    /// @inheritdoc IPledges
    function lastId() external view returns (uint256) {
        return _lastLoanId;
    }

    /// @dev Locks each receipt for the loan; all must be of one commodity, the first fixing it for a new loan.
    function _lock(uint256 loanId, Loan storage ln, uint256[] calldata receiptIds) private {
        uint256 n = receiptIds.length;
        uint256[] storage ids = _receiptIds[loanId];
        if (n == 0 || ids.length + n > MAX_RECEIPTS) revert PledgesInvalidReceipts(ids.length + n);
        bytes16 expected = ln.commodity;
        uint96 quantity = ln.quantity;
        for (uint256 i; i < n; ++i) {
            // Reverts unless the receipt is the borrower's and active: a pledged receipt is never pledged again.
            (bytes16 commodity, uint96 q) = _receipts.lock(receiptIds[i], ln.borrower);
            if (expected == 0) expected = commodity;
            else if (commodity != expected) revert PledgesCommodityMismatch(receiptIds[i], commodity, expected);
            quantity += q;
            ids.push(receiptIds[i]);
        }
        ln.commodity = expected;
        ln.quantity = quantity;
    }

    function _releaseAll(uint256 loanId) private {
        uint256[] storage ids = _receiptIds[loanId];
        uint256 n = ids.length;
        for (uint256 i; i < n; ++i) {
            _receipts.release(ids[i]);
        }
    }

    /// @dev Value at today's price, rounded down, and what the bank lends on it at its rate (never above the
    /// operator's current bound, which may have fallen since the bank set its rate), rounded down.
    function _limit(Loan storage ln) private view returns (uint256 value, uint256 limit, uint128 price) {
        uint16 rate = _rates[ln.bank][ln.commodity];
        if (rate == 0) revert PledgesNoPledgeRate(ln.bank, ln.commodity);
        uint16 bound = _bounds.maxPledgeRateBps;
        if (rate > bound) rate = bound;
        price = _prices.today(ln.commodity);
        value = _value(ln.quantity, price);
        limit = value * rate / BPS;
    }

    /// @dev Lifts the call when the loan is back below the call ratio at today's price; with no price today
    /// the call stays, for `check` to lift once a price is posted.
    function _cureIfBelowCall(uint256 loanId, Loan storage ln) private {
        uint128 price = _prices.priceOn(ln.commodity, Discount.cstDay(block.timestamp)).fenPerTonne;
        if (price == 0) return;
        uint256 ratioBps = _ratio(ln, price);
        if (ratioBps < _bounds.callBps) {
            ln.callDeadline = 0;
            emit MarginCallCured(loanId, ratioBps);
        }
    }

    function _accrue(Loan storage ln) private {
        uint256 days_ = Discount.daysBetween(ln.interestFrom, block.timestamp);
        // Moving the start only on a new CST day keeps a same-day repayment from restarting the day count.
        if (days_ == 0) return;
        ln.interest += SafeCast.toUint128(Discount.interest(ln.principal, ln.rateBps, days_));
        ln.interestFrom = uint40(block.timestamp);
    }

    function _accrued(uint128 principal, uint16 rateBps, uint40 from) private view returns (uint128) {
        return SafeCast.toUint128(Discount.interest(principal, rateBps, Discount.daysBetween(from, block.timestamp)));
    }

    /// @dev Principal over value in basis points, rounded up so that a loan is never reported safer than it is.
    function _ratio(Loan storage ln, uint128 price) private view returns (uint256) {
        uint256 value = _value(ln.quantity, price);
        if (value == 0) return type(uint256).max;
        return (uint256(ln.principal) * BPS + value - 1) / value;
    }

    function _value(uint96 quantity, uint128 fenPerTonne) private pure returns (uint256) {
        return uint256(quantity) * fenPerTonne / GRAMS_PER_TONNE;
    }

    function _inStatus(uint256 loanId, Status status) private view returns (Loan storage ln) {
        ln = _loans[loanId];
        if (ln.status != status) revert PledgesInvalidStatus(loanId, ln.status);
    }
}
