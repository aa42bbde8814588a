// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFinancing} from "./interfaces/IFinancing.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {ICreditPassingRules} from "./interfaces/ICreditPassingRules.sol";
import {ICreditLines} from "./interfaces/ICreditLines.sol";
import {IVouchers} from "./interfaces/IVouchers.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";
import {Standing} from "./libraries/Standing.sol";
import {Discount} from "./libraries/Discount.sol";

/// @title Financing
contract Financing is IFinancing {
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint16 public constant MAX_RATE_BPS = 10_000;

    /// @dev A pending request as stored, in one word: from the low bits up, the holder's and the bank's participant
    /// indices, the voucher id (40 bits, as Vouchers counts them), deadline, amount, rate (14 bits: at most 10,000),
    /// fee (10 bits: at most 1,000) and the voucher's slot index, which spares Vouchers finding it again at the
    /// sale. A holder index of zero means no pending request.
    struct Pending {
        uint32 holder;
        uint32 bank;
        uint40 voucherId;
        uint32 deadline;
        uint64 amount;
        uint16 rateBps;
        uint16 feeBps;
        uint32 slotIndex;
    }

    IParticipants private immutable _participants;
    ICreditPassingRules private immutable _rules;
    ICreditLines private immutable _creditLines;
    IVouchers private immutable _vouchers;
    ISettlementCash private immutable _cash;

    uint256 private _lastRequestId;
    uint16 private _feeBps;
    address private _feeRecipient;
    /// @dev Each pending request as one `Pending` word: asking for financing writes one fresh storage slot.
    mapping(uint256 requestId => uint256 word) private _requests;

    constructor(
        IParticipants participants,
        ICreditPassingRules rules,
        ICreditLines creditLines,
        IVouchers vouchers,
        ISettlementCash cash,
        address feeRecipient
    ) {
        _participants = participants;
        _rules = rules;
        _creditLines = creditLines;
        _vouchers = vouchers;
        _cash = cash;
        _feeRecipient = feeRecipient;
        emit FeeChanged(0, feeRecipient);
    }

    /// @inheritdoc IFinancing
    function request(uint256 voucherId, uint64 amount, address bank, uint16 rateBps, uint32 deadline)
        external
        returns (uint256 requestId)
    {
        Pending memory r;
        {
            // The holder's index goes to Vouchers, which keeps holders by index: it need not ask Participants again.
            (uint256 holder, uint256 banker) = _participants.standingPair(msg.sender, bank);
            Standing.requireActive(holder, msg.sender, Roles.SUPPLIER);
            Standing.requireActive(banker, bank, Roles.BANK);
            r.holder = Standing.index(holder);
            r.bank = Standing.index(banker);
        }
        if (rateBps == 0 || rateBps > MAX_RATE_BPS) revert FinancingInvalidRate(rateBps);
        address debtor;
        uint40 maturity;
        bool eligible;
        (debtor, maturity, eligible, r.slotIndex) = _vouchers.lock(voucherId, msg.sender, r.holder, bank, amount);
        if (deadline <= block.timestamp || deadline >= maturity) revert FinancingInvalidDeadline(deadline);
        if (!eligible) revert FinancingBankNotEligible(bank, debtor);
        _creditLines.requireAvailable(bank, debtor, amount);

        uint16 feeBps = _feeBps;
        // Fail now rather than at execution: days only shrink, so a price that works now works then.
        _quote(amount, rateBps, feeBps, maturity, block.timestamp);

        requestId = ++_lastRequestId;
        // lock found the voucher, so its id fits the 40 bits Vouchers counts in.
        r.voucherId = uint40(voucherId);
        r.deadline = deadline;
        r.amount = amount;
        r.rateBps = rateBps;
        r.feeBps = feeBps;
        _store(requestId, r);
        emit FinancingRequested(requestId, voucherId, bank, msg.sender, amount, rateBps, feeBps, deadline);
    }

    /// @inheritdoc IFinancing
    function execute(uint256 requestId) external returns (uint256 pieceId) {
        Pending memory r = _pending(requestId);
        // The request keeps indices: one call tells the caller's standing and the holder's account and standing.
        // Indices and accounts map one to one, so comparing the caller's index is comparing the caller.
        (uint256 banker, address holder, uint256 holderStanding) =
            _participants.standingAndAccountAt(msg.sender, r.holder);
        if (Standing.index(banker) != r.bank) revert FinancingNotBank(requestId, msg.sender);
        if (block.timestamp > r.deadline) revert FinancingExpired(requestId, r.deadline);
        Standing.requireActive(banker, msg.sender, Roles.BANK);
        Standing.requireActive(holderStanding, holder, Roles.SUPPLIER);
        delete _requests[requestId];

        address debtor;
        uint40 maturity;
        (pieceId, debtor, maturity) =
            _vouchers.deliverFinanced(r.voucherId, r.amount, msg.sender, r.bank, holder, r.slotIndex);
        // The program may have dropped this bank since the request.
        if (!_rules.mayFinance(debtor, msg.sender)) revert FinancingBankNotEligible(msg.sender, debtor);
        _creditLines.use(msg.sender, debtor, r.amount);
        Quote memory q = _quote(r.amount, r.rateBps, r.feeBps, maturity, block.timestamp);
        emit FinancingExecuted(requestId, pieceId, q.days_, q.interest, q.fee, q.net);

        _cash.settle(msg.sender, holder, q.net);
        if (q.fee != 0) _cash.settle(msg.sender, _feeRecipient, q.fee);
    }

    /// @inheritdoc IFinancing
    function decline(uint256 requestId) external {
        Pending memory r = _pending(requestId);
        if (_indexOf(msg.sender) != r.bank) revert FinancingNotBank(requestId, msg.sender);
        _close(requestId, r);
        emit FinancingDeclined(requestId);
    }

    /// @inheritdoc IFinancing
    function cancel(uint256 requestId) external {
        Pending memory r = _pending(requestId);
        if (_indexOf(msg.sender) != r.holder) revert FinancingNotHolder(requestId, msg.sender);
        _close(requestId, r);
        emit FinancingCancelled(requestId);
    }

    /// @inheritdoc IFinancing
    function release(uint256 requestId) external {
        Pending memory r = _pending(requestId);
        if (block.timestamp <= r.deadline) revert FinancingNotExpired(requestId, r.deadline);
        _close(requestId, r);
        emit FinancingReleased(requestId, msg.sender);
    }

    /// @inheritdoc IFinancing
    function setFee(uint16 feeBps, address recipient) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        if (feeBps > MAX_FEE_BPS || !_participants.isActiveAs(recipient, Roles.OPERATOR)) {
            revert FinancingInvalidFee(feeBps, recipient);
        }
        _feeBps = feeBps;
        _feeRecipient = recipient;
        emit FeeChanged(feeBps, recipient);
    }

    /// @inheritdoc IFinancing
    function requestOf(uint256 requestId) external view returns (Request memory) {
        Pending memory r = _load(requestId);
        // Index zero names no one: a request that is not pending reads as zeros, as it always has.
        (address holder,) = _participants.accountAt(r.holder);
        (address bank,) = _participants.accountAt(r.bank);
        return Request(holder, r.voucherId, r.deadline, bank, r.amount, r.rateBps, r.feeBps);
    }

    /// @inheritdoc IFinancing
    function quote(uint64 amount, uint16 rateBps, uint16 feeBps, uint40 maturity, uint256 at)
        external
        pure
        returns (Quote memory)
    {
        return _quote(amount, rateBps, feeBps, maturity, at);
    }

    /// @inheritdoc IFinancing
    function fee() external view returns (uint16 feeBps, address recipient) {
        return (_feeBps, _feeRecipient);
    }

    function _quote(uint64 amount, uint16 rateBps, uint16 feeBps, uint40 maturity, uint256 at)
        private
        pure
        returns (Quote memory q)
    {
        q.days_ = Discount.daysBetween(at, maturity);
        q.interest = Discount.interest(amount, rateBps, q.days_);
        q.fee = Discount.fee(amount, feeBps);
        if (q.interest + q.fee >= amount) revert FinancingNoProceeds(amount, q.interest, q.fee);
        q.net = amount - q.interest - q.fee;
    }

    function _close(uint256 requestId, Pending memory r) private {
        delete _requests[requestId];
        _vouchers.unlock(r.voucherId, r.amount);
    }

    function _pending(uint256 requestId) private view returns (Pending memory r) {
        r = _load(requestId);
        if (r.holder == 0) revert FinancingNotPending(requestId);
    }

    /// @dev Zero for an account that was never registered, which is party to no request.
    function _indexOf(address account) private view returns (uint32) {
        return Standing.index(_participants.standing(account));
    }

    function _store(uint256 requestId, Pending memory r) private {
        _requests[requestId] = uint256(r.holder) | (uint256(r.bank) << 32) | (uint256(r.voucherId) << 64)
            | (uint256(r.deadline) << 104) | (uint256(r.amount) << 136) | (uint256(r.rateBps) << 200)
            | (uint256(r.feeBps) << 214) | (uint256(r.slotIndex) << 224);
    }

    function _load(uint256 requestId) private view returns (Pending memory) {
        uint256 w = _requests[requestId];
        return Pending(
            uint32(w),
            uint32(w >> 32),
            uint40(w >> 64),
            uint32(w >> 104),
            uint64(w >> 136),
            uint16((w >> 200) & 0x3fff),
            uint16((w >> 214) & 0x3ff),
            uint32(w >> 224)
        );
    }
}
