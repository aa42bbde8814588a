// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IWarehouseFees} from "./interfaces/IWarehouseFees.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {IWarehouseReceipts} from "./interfaces/IWarehouseReceipts.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";
import {Discount} from "./libraries/Discount.sol";

/// @title WarehouseFees
contract WarehouseFees is IWarehouseFees {
    uint256 private constant GRAMS_PER_TONNE = 1_000_000;

    IParticipants private immutable _participants;
    IWarehouseReceipts private immutable _receipts;
    ISettlementCash private immutable _cash;

    mapping(address warehouse => mapping(bytes16 commodity => Tariff)) private _tariffs;
    mapping(uint256 receiptId => Account) private _accounts;

    constructor(IParticipants participants, IWarehouseReceipts receipts, ISettlementCash cash) {
        _participants = participants;
        _receipts = receipts;
        _cash = cash;
    }

    /// @inheritdoc IWarehouseFees
    function setTariff(bytes16 commodity, uint64 storageFenPerTonneDay, uint64 supervisionFenPerTonneDay) external {
        _participants.requireActive(msg.sender, Roles.WAREHOUSE);
        _tariffs[msg.sender][commodity] = Tariff(storageFenPerTonneDay, supervisionFenPerTonneDay);
        emit TariffSet(msg.sender, commodity, storageFenPerTonneDay, supervisionFenPerTonneDay);
    }

    /// @inheritdoc IWarehouseFees
    function open(uint256 receiptId) external {
        IWarehouseReceipts.Receipt memory r = _receipts.receipt(receiptId);
        if (r.warehouse != msg.sender) revert WarehouseFeesNotWarehouse(receiptId, msg.sender);
        _participants.requireActive(msg.sender, Roles.WAREHOUSE);
        if (!_held(r.status)) revert WarehouseFeesReceiptNotHeld(receiptId);
        Account storage acc = _accounts[receiptId];
        if (acc.warehouse != address(0)) revert WarehouseFeesAlreadyOpen(receiptId);
        Tariff memory t = _tariffs[msg.sender][r.commodity];
        if (t.storageFenPerTonneDay == 0 && t.supervisionFenPerTonneDay == 0) {
            revert WarehouseFeesNoTariff(msg.sender, r.commodity);
        }
        uint32 today = _today();
        acc.warehouse = msg.sender;
        acc.storageFrom = today;
        acc.storageFenPerTonneDay = t.storageFenPerTonneDay;
        acc.supervisionFenPerTonneDay = t.supervisionFenPerTonneDay;
        emit FeeAccountOpened(receiptId, msg.sender, today, t.storageFenPerTonneDay, t.supervisionFenPerTonneDay);
    }

    /// @inheritdoc IWarehouseFees
    function startSupervision(uint256 receiptId) external {
        Account storage acc = _open(receiptId);
        if (acc.warehouse != msg.sender) revert WarehouseFeesNotWarehouse(receiptId, msg.sender);
        _participants.requireActive(msg.sender, Roles.WAREHOUSE);
        if (acc.supervising || _receipts.receipt(receiptId).status != IWarehouseReceipts.Status.Pledged) {
            revert WarehouseFeesCannotSupervise(receiptId);
        }
        uint32 today = _today();
        acc.supervising = true;
        acc.supervisedFrom = today;
        emit SupervisionStarted(receiptId, today);
    }

    /// @inheritdoc IWarehouseFees
    function endSupervision(uint256 receiptId) external {
        Account storage acc = _open(receiptId);
        IWarehouseReceipts.Receipt memory r = _receipts.receipt(receiptId);
        bool mayEnd = msg.sender == acc.warehouse || r.status != IWarehouseReceipts.Status.Pledged;
        if (!acc.supervising || !mayEnd) revert WarehouseFeesCannotEndSupervision(receiptId);
        uint256 days_ = _today() - acc.supervisedFrom;
        uint256 fee = _fee(r.quantity, acc.supervisionFenPerTonneDay, days_);
        acc.supervising = false;
        acc.supervisedFrom = 0;
        acc.supervisionDue += uint128(fee);
        emit SupervisionEnded(receiptId, msg.sender, days_, fee);
    }

    /// @inheritdoc IWarehouseFees
    function pay(uint256 receiptId) external returns (uint256 storageFee, uint256 supervisionFee) {
        Account storage acc = _open(receiptId);
        IWarehouseReceipts.Receipt memory r = _receipts.receipt(receiptId);
        (storageFee, supervisionFee) = _due(acc, r.quantity);
        bool closing = !_held(r.status);
        if (storageFee + supervisionFee == 0 && !closing) revert WarehouseFeesNothingDue(receiptId);

        uint32 today = _today();
        acc.storageFrom = today;
        acc.supervisionDue = 0;
        if (acc.supervising) acc.supervisedFrom = today;
        if (closing) {
            acc.closed = true;
            acc.supervising = false;
        }
        emit FeesPaid(receiptId, msg.sender, acc.warehouse, storageFee, supervisionFee, today, closing);
        uint256 total = storageFee + supervisionFee;
        if (total != 0) SafeERC20.safeTransferFrom(_cash, msg.sender, acc.warehouse, total);
    }

    /// @inheritdoc IWarehouseFees
    function due(uint256 receiptId) external view returns (uint256 storageFee, uint256 supervisionFee) {
        return _due(_open(receiptId), _receipts.receipt(receiptId).quantity);
    }

    /// @inheritdoc IWarehouseFees
    function account(uint256 receiptId) external view returns (Account memory) {
        return _accounts[receiptId];
    }

    /// @inheritdoc IWarehouseFees
    function tariff(address warehouse, bytes16 commodity) external view returns (Tariff memory) {
        return _tariffs[warehouse][commodity];
    }

    function _due(Account storage acc, uint96 quantity) private view returns (uint256 storageFee, uint256 supervisionFee) {
        uint32 today = _today();
        storageFee = _fee(quantity, acc.storageFenPerTonneDay, today - acc.storageFrom);
        supervisionFee = acc.supervisionDue;
        if (acc.supervising) supervisionFee += _fee(quantity, acc.supervisionFenPerTonneDay, today - acc.supervisedFrom);
    }

    /// @dev Grams × fen per tonne per day × days, rounded half up to the fen.
    function _fee(uint96 grams, uint64 fenPerTonneDay, uint256 days_) private pure returns (uint256) {
        return (uint256(grams) * fenPerTonneDay * days_ + GRAMS_PER_TONNE / 2) / GRAMS_PER_TONNE;
    }

    function _open(uint256 receiptId) private view returns (Account storage acc) {
        acc = _accounts[receiptId];
        if (acc.warehouse == address(0) || acc.closed) revert WarehouseFeesNotOpen(receiptId);
    }

    /// @dev CST days since 1970 fit a uint32 for eleven million years.
    function _today() private view returns (uint32) {
        return uint32(Discount.cstDay(block.timestamp));
    }

    function _held(IWarehouseReceipts.Status status) private pure returns (bool) {
        return status == IWarehouseReceipts.Status.Active || status == IWarehouseReceipts.Status.Pledged;
    }
}
