// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ISettlement} from "./interfaces/ISettlement.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {ICreditLines} from "./interfaces/ICreditLines.sol";
import {IVouchers} from "./interfaces/IVouchers.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";
import {SlotIds} from "./libraries/SlotIds.sol";
import {Discount} from "./libraries/Discount.sol";

/// @title Settlement
contract Settlement is ISettlement {
    uint256 public constant MAX_BATCH = 50;
    uint32 public constant MAX_GRACE = 90 days;
    /// @dev 0.1% a day on a 360-day year: twice the customary 万分之五 a day for late payment.
    uint16 public constant MAX_PENALTY_RATE_BPS = 3_600;
    /// @dev The longest voucher term (CreditPassingRules.HARD_MAX_TERM_DAYS): every voucher issued before a change of
    /// rate matures within it.
    uint256 public constant PENALTY_NOTICE = 365 days;

    /// @dev `priorMaxBps` is the highest rate the program had before its latest change at `since`.
    struct PenaltyRate {
        uint16 rateBps;
        uint16 priorMaxBps;
        uint40 since;
    }

    /// @dev A late-funded slot's penalty still escrowed, and the value of its vouchers not yet paid their share.
    struct Penalty {
        uint64 pool;
        uint64 base;
    }

    IParticipants private immutable _participants;
    ICreditLines private immutable _creditLines;
    IVouchers private immutable _vouchers;
    ISettlementCash private immutable _cash;

    uint32 private _grace = 3 days;
    mapping(uint256 slot => bool) private _flaggedOverdue;
    mapping(address core => PenaltyRate) private _penaltyRates;
    mapping(uint256 slot => Penalty) private _penalties;
    mapping(uint256 id => bool) private _penaltyPaid;

    constructor(IParticipants participants, ICreditLines creditLines, IVouchers vouchers, ISettlementCash cash) {
        _participants = participants;
        _creditLines = creditLines;
        _vouchers = vouchers;
        _cash = cash;
    }

    /// @inheritdoc ISettlement
    function fund(uint40 maturity) external returns (uint256 amount) {
        _participants.requireActive(msg.sender, Roles.CORE_ENTERPRISE);
        uint256 slot = SlotIds.from(msg.sender, maturity);
        IVouchers.SlotAccount memory account = _vouchers.slotAccount(slot);
        if (account.escrowed >= account.outstanding) revert SettlementNothingToFund(msg.sender, maturity);
        uint64 shortfall = account.outstanding - account.escrowed;
        emit SlotFundedBy(msg.sender, maturity, shortfall);
        // Before maturity nothing is late: on-time funding reads no more storage than it ever did.
        uint256 penalty = block.timestamp < maturity ? 0 : _chargePenalty(msg.sender, maturity, slot, account.outstanding);
        _cash.settle(msg.sender, address(this), shortfall + penalty);
        _vouchers.recordFunding(slot, shortfall);
        return shortfall;
    }

    /// @inheritdoc ISettlement
    function payPenalty(uint256 id) external returns (uint256 amount) {
        IVouchers.VoucherView memory v = _vouchers.voucher(id);
        if (v.redeemedValue == 0) revert SettlementNotRedeemed(id);
        if (_penaltyPaid[id]) revert SettlementPenaltyPaid(id);
        Penalty storage p = _penalties[SlotIds.from(v.debtor, v.maturity)];
        if (p.base == 0) revert SettlementNoPenalty(id);
        _participants.requireActive(v.owner, 0);
        // Pro rata to value; the last voucher of the slot takes what is left, so the pool empties to the fen.
        amount = p.base == v.redeemedValue ? p.pool : uint256(p.pool) * v.redeemedValue / p.base;
        _penaltyPaid[id] = true;
        unchecked {
            // amount <= pool, and the slot's unpaid value includes this voucher's.
            p.pool -= uint64(amount);
            p.base -= v.redeemedValue;
        }
        emit PenaltyPaid(id, v.owner, amount);
        if (amount != 0) _cash.settle(address(this), v.owner, amount);
    }

    /// @inheritdoc ISettlement
    function setPenaltyRate(uint16 rateBps) external {
        _participants.requireActive(msg.sender, Roles.CORE_ENTERPRISE);
        if (rateBps > MAX_PENALTY_RATE_BPS) revert SettlementInvalidPenaltyRate(rateBps);
        PenaltyRate storage r = _penaltyRates[msg.sender];
        if (r.rateBps > r.priorMaxBps) r.priorMaxBps = r.rateBps;
        r.rateBps = rateBps;
        r.since = uint40(block.timestamp);
        emit PenaltyRateChanged(msg.sender, rateBps);
    }

    /// @inheritdoc ISettlement
    function redeem(uint256 id) external {
        _redeem(id);
    }

    /// @inheritdoc ISettlement
    function redeemBatch(uint256[] calldata ids) external {
        if (ids.length == 0 || ids.length > MAX_BATCH) revert SettlementBatchSize(ids.length, MAX_BATCH);
        for (uint256 i; i < ids.length; ++i) {
            _redeem(ids[i]);
        }
    }

    /// @inheritdoc ISettlement
    function flagOverdue(address debtor, uint40 maturity) external {
        uint256 slot = SlotIds.from(debtor, maturity);
        if (_flaggedOverdue[slot] || !isOverdue(debtor, maturity)) revert SettlementNotOverdue(debtor, maturity);
        _flaggedOverdue[slot] = true;
        IVouchers.SlotAccount memory account = _vouchers.slotAccount(slot);
        emit SlotOverdue(debtor, maturity, account.outstanding - account.escrowed);
    }

    /// @inheritdoc ISettlement
    function setGracePeriod(uint32 graceSeconds) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        if (graceSeconds > MAX_GRACE) revert SettlementInvalidGracePeriod(graceSeconds);
        _grace = graceSeconds;
        emit GracePeriodChanged(graceSeconds);
    }

    /// @inheritdoc ISettlement
    function isOverdue(address debtor, uint40 maturity) public view returns (bool) {
        if (block.timestamp < uint256(maturity) + _grace) return false;
        IVouchers.SlotAccount memory account = _vouchers.slotAccount(SlotIds.from(debtor, maturity));
        return account.escrowed < account.outstanding;
    }

    /// @inheritdoc ISettlement
    function gracePeriod() external view returns (uint32) {
        return _grace;
    }

    /// @inheritdoc ISettlement
    function penaltyRateFor(address debtor, uint40 maturity) public view returns (uint16) {
        PenaltyRate memory r = _penaltyRates[debtor];
        if (maturity >= uint256(r.since) + PENALTY_NOTICE || r.rateBps >= r.priorMaxBps) return r.rateBps;
        return r.priorMaxBps;
    }

    /// @inheritdoc ISettlement
    function penaltyDue(address debtor, uint40 maturity, uint256 at) external view returns (uint256) {
        if (at < uint256(maturity) + _grace) return 0;
        IVouchers.SlotAccount memory account = _vouchers.slotAccount(SlotIds.from(debtor, maturity));
        if (account.escrowed >= account.outstanding) return 0;
        return _penalty(debtor, maturity, account.outstanding, at);
    }

    /// @inheritdoc ISettlement
    function penaltyOf(address debtor, uint40 maturity) external view returns (uint64 pool, uint64 base) {
        Penalty memory p = _penalties[SlotIds.from(debtor, maturity)];
        return (p.pool, p.base);
    }

    /// @inheritdoc ISettlement
    function penaltyPaid(uint256 id) external view returns (bool) {
        return _penaltyPaid[id];
    }

    /// @dev Every holder of the slot waited since maturity (none can redeem before the slot is whole), so the penalty
    /// runs on the whole outstanding value, not only the shortfall.
    function _chargePenalty(address debtor, uint40 maturity, uint256 slot, uint64 outstanding)
        private
        returns (uint256 penalty)
    {
        if (block.timestamp < uint256(maturity) + _grace) return 0;
        penalty = _penalty(debtor, maturity, outstanding, block.timestamp);
        if (penalty == 0) return 0;
        // A slot is late-funded at most once: past maturity no voucher joins it, so it is never short again.
        _penalties[slot] = Penalty(SafeCast.toUint64(penalty), outstanding);
        emit PenaltyCharged(
            debtor,
            maturity,
            Discount.daysBetween(maturity, block.timestamp),
            penaltyRateFor(debtor, maturity),
            outstanding,
            penalty
        );
    }

    function _penalty(address debtor, uint40 maturity, uint64 outstanding, uint256 at) private view returns (uint256) {
        return Discount.interest(outstanding, penaltyRateFor(debtor, maturity), Discount.daysBetween(maturity, at));
    }

    function _redeem(uint256 id) private {
        (address holder, uint64 value, address debtor, bool financed) = _vouchers.redeem(id);
        _cash.settle(address(this), holder, value);
        if (financed) _creditLines.release(holder, debtor, value);
    }
}
