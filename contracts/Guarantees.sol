// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IGuarantees} from "./interfaces/IGuarantees.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {IVouchers} from "./interfaces/IVouchers.sol";
import {ISettlement} from "./interfaces/ISettlement.sol";
import {IPledges} from "./interfaces/IPledges.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title Guarantees
contract Guarantees is IGuarantees {
    IParticipants private immutable _participants;
    IVouchers private immutable _vouchers;
    ISettlement private immutable _settlement;
    IPledges private immutable _pledges;
    ISettlementCash private immutable _cash;

    uint256 private _lastId;
    mapping(uint256 id => Guarantee) private _guarantees;
    mapping(Kind kind => mapping(uint256 subject => uint256 id)) private _bySubject;

    constructor(
        IParticipants participants,
        IVouchers vouchers,
        ISettlement settlement,
        IPledges pledges,
        ISettlementCash cash
    ) {
        _participants = participants;
        _vouchers = vouchers;
        _settlement = settlement;
        _pledges = pledges;
        _cash = cash;
    }

    /// @inheritdoc IGuarantees
    function issue(Kind kind, uint256 subject, address bank, uint128 amount, uint40 expiry)
        external
        returns (uint256 id)
    {
        _participants.requireActivePair(msg.sender, Roles.GUARANTOR, bank, Roles.BANK);
        if (bank == msg.sender) revert GuaranteesSelfGuarantee(msg.sender);
        if (amount == 0) revert GuaranteesInvalidAmount(amount, 0);
        if (expiry <= block.timestamp) revert GuaranteesInvalidExpiry(expiry);
        uint256 existing = _bySubject[kind][subject];
        if (existing != 0) revert GuaranteesAlreadyGuaranteed(kind, subject, existing);
        if (!_heldBy(kind, subject, bank)) revert GuaranteesInvalidSubject(kind, subject);

        id = ++_lastId;
        _bySubject[kind][subject] = id;
        Guarantee storage g = _guarantees[id];
        g.guarantor = msg.sender;
        g.expiry = expiry;
        g.kind = kind;
        g.status = Status.Active;
        g.bank = bank;
        // A voucher id and a loan id are counters far below 2^64; the cast fails loudly otherwise.
        g.subject = SafeCast.toUint64(subject);
        g.amount = amount;
        emit GuaranteeIssued(id, msg.sender, bank, kind, subject, amount, expiry);
    }

    /// @inheritdoc IGuarantees
    function demand(uint256 id) external returns (uint128 paid) {
        Guarantee storage g = _inStatus(id, Status.Active);
        if (msg.sender != g.bank) revert GuaranteesNotBank(id, msg.sender);
        _participants.requireActive(msg.sender, Roles.BANK);
        if (block.timestamp > g.expiry) revert GuaranteesExpired(id, g.expiry);
        (bool inDefault, uint256 claim, address obligor) = _default(g);
        if (!inDefault) revert GuaranteesNoDefault(id);

        paid = claim < g.amount ? uint128(claim) : g.amount;
        g.status = Status.Called;
        g.paid = paid;
        g.obligor = obligor;
        emit GuaranteeCalled(id, msg.sender, g.guarantor, claim, paid);
        emit RecourseRecorded(id, g.guarantor, obligor, paid);
        SafeERC20.safeTransferFrom(_cash, g.guarantor, msg.sender, paid);
    }

    /// @inheritdoc IGuarantees
    function recover(uint256 id, uint128 amount) external {
        Guarantee storage g = _inStatus(id, Status.Called);
        uint128 left = g.paid - g.recovered;
        if (amount == 0 || amount > left) revert GuaranteesInvalidAmount(amount, left);
        g.recovered += amount;
        emit RecourseRecovered(id, msg.sender, amount, left - amount);
        SafeERC20.safeTransferFrom(_cash, msg.sender, g.guarantor, amount);
    }

    /// @inheritdoc IGuarantees
    function reclaim(uint256 id) external returns (uint128 amount) {
        Guarantee storage g = _inStatus(id, Status.Called);
        if (!_claimRepaid(g)) revert GuaranteesClaimOutstanding(id);
        amount = g.paid - g.recovered;
        if (amount == 0) revert GuaranteesInvalidAmount(0, 0);
        g.recovered = g.paid;
        emit RecourseRecovered(id, g.bank, amount, 0);
        SafeERC20.safeTransferFrom(_cash, g.bank, g.guarantor, amount);
    }

    /// @inheritdoc IGuarantees
    function release(uint256 id) external {
        Guarantee storage g = _inStatus(id, Status.Active);
        if (msg.sender != g.bank && !_claimPaid(g)) revert GuaranteesNotReleasable(id);
        g.status = Status.Released;
        delete _bySubject[g.kind][g.subject];
        emit GuaranteeReleased(id, msg.sender);
    }

    /// @inheritdoc IGuarantees
    function expire(uint256 id) external {
        Guarantee storage g = _inStatus(id, Status.Active);
        if (block.timestamp <= g.expiry) revert GuaranteesNotExpired(id, g.expiry);
        g.status = Status.Expired;
        delete _bySubject[g.kind][g.subject];
        emit GuaranteeExpired(id);
    }

    /// @inheritdoc IGuarantees
    function guarantee(uint256 id) external view returns (Guarantee memory) {
        return _guarantees[id];
    }

    /// @inheritdoc IGuarantees
    function guaranteeOf(Kind kind, uint256 subject) external view returns (uint256) {
        return _bySubject[kind][subject];
    }

    /// @inheritdoc IGuarantees
    function lastId() external view returns (uint256) {
        return _lastId;
    }

    /// @dev Whether `bank` holds the claim now: its financed piece with value left, or its loan not yet drawn or running.
    function _heldBy(Kind kind, uint256 subject, address bank) private view returns (bool) {
        if (kind == Kind.VoucherFinancing) {
            IVouchers.VoucherView memory v = _vouchers.voucher(subject);
            return v.financed && v.owner == bank && v.value != 0;
        }
        IPledges.Loan memory ln = _pledges.loan(subject);
        return ln.bank == bank && (ln.status == IPledges.Status.Requested || ln.status == IPledges.Status.Active);
    }

    /// @dev Whether the claim is in default, what is owed on it, and by whom. A voucher's claim is its face value;
    /// a loan's, its principal and the interest counted to today.
    function _default(Guarantee storage g) private view returns (bool inDefault, uint256 claim, address obligor) {
        if (g.kind == Kind.VoucherFinancing) {
            IVouchers.VoucherView memory v = _vouchers.voucher(g.subject);
            // The bank must still hold the piece: a guarantee follows the claim, not the bank's other business.
            inDefault = v.owner == g.bank && v.value != 0 && _settlement.isOverdue(v.debtor, v.maturity);
            return (inDefault, v.value, v.debtor);
        }
        IPledges.Loan memory ln = _pledges.loan(g.subject);
        if (ln.status == IPledges.Status.Defaulted) {
            inDefault = true;
        } else if (ln.status == IPledges.Status.Active) {
            inDefault = block.timestamp >= uint256(ln.maturity) + uint256(_pledges.bounds().graceDays) * 1 days;
        }
        (uint128 principal, uint128 interest) = _pledges.due(g.subject);
        return (inDefault, uint256(principal) + interest, ln.borrower);
    }

    function _claimPaid(Guarantee storage g) private view returns (bool) {
        if (g.kind == Kind.VoucherFinancing) return _vouchers.voucher(g.subject).value == 0;
        IPledges.Status s = _pledges.loan(g.subject).status;
        return s == IPledges.Status.Repaid || s == IPledges.Status.Cancelled || s == IPledges.Status.Seized;
    }

    /// @dev Paid to the bank in full, unlike `_claimPaid`: a loan the bank enforced on the goods (seized) may have
    /// left it short, and cancelled loans never lent.
    function _claimRepaid(Guarantee storage g) private view returns (bool) {
        if (g.kind == Kind.VoucherFinancing) return _vouchers.voucher(g.subject).redeemedValue != 0;
        return _pledges.loan(g.subject).status == IPledges.Status.Repaid;
    }

    function _inStatus(uint256 id, Status status) private view returns (Guarantee storage g) {
        g = _guarantees[id];
        if (g.status != status) revert GuaranteesInvalidStatus(id, g.status);
    }
}
