// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ISettlement} from "./interfaces/ISettlement.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {ICreditLines} from "./interfaces/ICreditLines.sol";
import {IVouchers} from "./interfaces/IVouchers.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";
import {SlotIds} from "./libraries/SlotIds.sol";

/// @title Settlement
contract Settlement is ISettlement {
    uint256 public constant MAX_BATCH = 50;
    uint32 public constant MAX_GRACE = 90 days;

    IParticipants private immutable _participants;
    ICreditLines private immutable _creditLines;
    IVouchers private immutable _vouchers;
    ISettlementCash private immutable _cash;

    uint32 private _grace = 3 days;
    mapping(uint256 slot => bool) private _flaggedOverdue;

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
        _cash.settle(msg.sender, address(this), shortfall);
        _vouchers.recordFunding(slot, shortfall);
        return shortfall;
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

    function _redeem(uint256 id) private {
        (address holder, uint64 value, address debtor, bool financed) = _vouchers.redeem(id);
        _cash.settle(address(this), holder, value);
        if (financed) _creditLines.release(holder, debtor, value);
    }
}
