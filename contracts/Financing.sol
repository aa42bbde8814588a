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

    IParticipants private immutable _participants;
    ICreditPassingRules private immutable _rules;
    ICreditLines private immutable _creditLines;
    IVouchers private immutable _vouchers;
    ISettlementCash private immutable _cash;

    uint256 private _lastRequestId;
    uint16 private _feeBps;
    address private _feeRecipient;
    mapping(uint256 requestId => Request) private _requests;

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
        // The holder's index goes to Vouchers, which keeps holders by index: it need not ask Participants again.
        (uint256 holder, uint256 banker) = _participants.standingPair(msg.sender, bank);
        Standing.requireActive(holder, msg.sender, Roles.SUPPLIER);
        Standing.requireActive(banker, bank, Roles.BANK);
        if (rateBps == 0 || rateBps > MAX_RATE_BPS) revert FinancingInvalidRate(rateBps);
        (address debtor, uint40 maturity, bool eligible) =
            _vouchers.lock(voucherId, msg.sender, Standing.index(holder), bank, amount);
        if (deadline <= block.timestamp || deadline >= maturity) revert FinancingInvalidDeadline(deadline);
        if (!eligible) revert FinancingBankNotEligible(bank, debtor);
        _creditLines.requireAvailable(bank, debtor, amount);

        uint16 feeBps = _feeBps;
        // Fail now rather than at execution: days only shrink, so a price that works now works then.
        _quote(amount, rateBps, feeBps, maturity, block.timestamp);

        requestId = ++_lastRequestId;
        _requests[requestId] = Request(msg.sender, uint64(voucherId), deadline, bank, amount, rateBps, feeBps);
        emit FinancingRequested(requestId, voucherId, bank, msg.sender, amount, rateBps, feeBps, deadline);
    }

    /// @inheritdoc IFinancing
    function execute(uint256 requestId) external returns (uint256 pieceId) {
        Request memory r = _pending(requestId);
        if (msg.sender != r.bank) revert FinancingNotBank(requestId, msg.sender);
        if (block.timestamp > r.deadline) revert FinancingExpired(requestId, r.deadline);
        (uint256 banker, uint256 holder) = _participants.standingPair(msg.sender, r.holder);
        Standing.requireActive(banker, msg.sender, Roles.BANK);
        Standing.requireActive(holder, r.holder, Roles.SUPPLIER);
        delete _requests[requestId];

        address debtor;
        uint40 maturity;
        (pieceId, debtor, maturity) =
            _vouchers.deliverFinanced(r.voucherId, r.amount, msg.sender, Standing.index(banker), r.holder);
        // The program may have dropped this bank since the request.
        if (!_rules.mayFinance(debtor, msg.sender)) revert FinancingBankNotEligible(msg.sender, debtor);
        _creditLines.use(msg.sender, debtor, r.amount);
        Quote memory q = _quote(r.amount, r.rateBps, r.feeBps, maturity, block.timestamp);
        emit FinancingExecuted(requestId, pieceId, q.days_, q.interest, q.fee, q.net);

        _cash.settle(msg.sender, r.holder, q.net);
        if (q.fee != 0) _cash.settle(msg.sender, _feeRecipient, q.fee);
    }

    /// @inheritdoc IFinancing
    function decline(uint256 requestId) external {
        Request memory r = _pending(requestId);
        if (msg.sender != r.bank) revert FinancingNotBank(requestId, msg.sender);
        _close(requestId, r);
        emit FinancingDeclined(requestId);
    }

    /// @inheritdoc IFinancing
    function cancel(uint256 requestId) external {
        Request memory r = _pending(requestId);
        if (msg.sender != r.holder) revert FinancingNotHolder(requestId, msg.sender);
        _close(requestId, r);
        emit FinancingCancelled(requestId);
    }

    /// @inheritdoc IFinancing
    function release(uint256 requestId) external {
        Request memory r = _pending(requestId);
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
        return _requests[requestId];
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

    function _close(uint256 requestId, Request memory r) private {
        delete _requests[requestId];
        _vouchers.unlock(r.voucherId, r.amount);
    }

    function _pending(uint256 requestId) private view returns (Request memory r) {
        r = _requests[requestId];
        if (r.holder == address(0)) revert FinancingNotPending(requestId);
    }
}
