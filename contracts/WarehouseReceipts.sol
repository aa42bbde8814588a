// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IWarehouseReceipts} from "./interfaces/IWarehouseReceipts.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title WarehouseReceipts
contract WarehouseReceipts is IWarehouseReceipts {
    uint256 public constant MAX_LOTS = 16;

    IParticipants private immutable _participants;
    address private immutable _pledges;

    uint64 private _lastId;
    mapping(uint256 id => Receipt) private _receipts;
    /// @dev Keyed by keccak256(warehouse, inbound): two warehouses may number their inbounds alike.
    mapping(bytes32 key => uint256 id) private _byInbound;
    mapping(bytes32 reading => uint256 id) private _byReading;

    modifier onlyPledges() {
        if (msg.sender != _pledges) revert WarehouseReceiptsUnauthorized(msg.sender);
        _;
    }

    constructor(IParticipants participants, address pledges) {
        _participants = participants;
        _pledges = pledges;
    }

    /// @inheritdoc IWarehouseReceipts
    function issue(Issue calldata t) external returns (uint256 id) {
        _participants.requireActive(msg.sender, Roles.WAREHOUSE);
        _participants.requireActive(t.depositor, 0);
        if (t.commodity == 0 || t.reading == 0 || t.inbound == 0 || t.location == 0 || t.document == 0) {
            revert WarehouseReceiptsInvalidArgument();
        }
        if (t.quantity == 0 || t.quantity > t.weighed) revert WarehouseReceiptsInvalidQuantity(t.quantity, t.weighed);
        bytes32 inboundKey = _inboundKey(msg.sender, t.inbound);
        if (_byInbound[inboundKey] != 0) revert WarehouseReceiptsAttestationUsed(t.inbound);
        if (_byReading[t.reading] != 0) revert WarehouseReceiptsAttestationUsed(t.reading);

        id = ++_lastId;
        _byInbound[inboundKey] = id;
        _byReading[t.reading] = id;
        _receipts[id] =
            Receipt(t.depositor, t.quantity, msg.sender, Status.Active, 0, t.commodity, t.grade, t.location, t.document);
        emit ReceiptIssued(
            id,
            msg.sender,
            t.depositor,
            t.commodity,
            t.grade,
            t.quantity,
            t.weighed,
            t.inbound,
            t.reading,
            t.location,
            t.document
        );
    }

    /// @inheritdoc IWarehouseReceipts
    function transfer(uint256 id, address to) external {
        Receipt storage r = _ownedActive(id);
        _participants.requireActive(to, 0);
        if (to == msg.sender) revert WarehouseReceiptsInvalidArgument();
        r.owner = to;
        emit ReceiptTransferred(id, msg.sender, to);
    }

    /// @inheritdoc IWarehouseReceipts
    function split(uint256 id, Lot[] calldata lots) external returns (uint256 firstId) {
        Receipt storage r = _ownedActive(id);
        uint256 n = lots.length;
        if (n < 2 || n > MAX_LOTS) revert WarehouseReceiptsInvalidLots(n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            if (lots[i].quantity == 0) revert WarehouseReceiptsInvalidQuantity(0, r.quantity);
            if (lots[i].document == 0) revert WarehouseReceiptsInvalidArgument();
            total += lots[i].quantity;
        }
        // Conservation: the lots are the same goods, no more and no less.
        if (total != r.quantity) revert WarehouseReceiptsQuantityMismatch(id, total, r.quantity);

        r.status = Status.Split;
        Receipt memory parent = r;
        firstId = _lastId + 1;
        for (uint256 i; i < n; ++i) {
            uint256 lotId = firstId + i;
            _receipts[lotId] = Receipt(
                msg.sender,
                lots[i].quantity,
                parent.warehouse,
                Status.Active,
                uint64(id),
                parent.commodity,
                parent.grade,
                parent.location,
                lots[i].document
            );
            emit ReceiptSplit(id, lotId, lots[i].quantity, lots[i].document);
        }
        // At most MAX_LOTS ids per call: a uint64 counter cannot wrap.
        _lastId = uint64(firstId + n - 1);
    }

    /// @inheritdoc IWarehouseReceipts
    function deliver(uint256 id) external {
        Receipt storage r = _ownedActive(id);
        r.status = Status.Delivered;
        emit ReceiptDelivered(id, msg.sender, r.quantity);
    }

    /// @inheritdoc IWarehouseReceipts
    function cancel(uint256 id) external {
        Receipt storage r = _ownedActive(id);
        r.status = Status.Cancelled;
        emit ReceiptCancelled(id, msg.sender, r.quantity);
    }

    /// @inheritdoc IWarehouseReceipts
    function lock(uint256 id, address owner) external onlyPledges returns (bytes16 commodity, uint96 quantity) {
        Receipt storage r = _existing(id);
        if (r.owner != owner) revert WarehouseReceiptsNotOwner(id, owner);
        if (r.status != Status.Active) revert WarehouseReceiptsNotActive(id, r.status);
        r.status = Status.Pledged;
        emit ReceiptPledgeChanged(id, true);
        return (r.commodity, r.quantity);
    }

    /// @inheritdoc IWarehouseReceipts
    function release(uint256 id) external onlyPledges {
        _pledged(id).status = Status.Active;
        emit ReceiptPledgeChanged(id, false);
    }

    /// @inheritdoc IWarehouseReceipts
    function seize(uint256 id, address to) external onlyPledges {
        Receipt storage r = _pledged(id);
        address from = r.owner;
        r.status = Status.Active;
        r.owner = to;
        emit ReceiptPledgeChanged(id, false);
        emit ReceiptTransferred(id, from, to);
    }

    /// @inheritdoc IWarehouseReceipts
    function receipt(uint256 id) external view returns (Receipt memory) {
        return _receipts[id];
    }

    /// @inheritdoc IWarehouseReceipts
    function backedBy(address warehouse, bytes32 inbound, bytes32 reading)
        external
        view
        returns (uint256 byInbound, uint256 byReading)
    {
        return (_byInbound[_inboundKey(warehouse, inbound)], _byReading[reading]);
    }

    /// @inheritdoc IWarehouseReceipts
    function lastId() external view returns (uint256) {
        return _lastId;
    }

    /// @dev The owner acts only while active itself, so that a frozen holder's goods stay where they are.
    function _ownedActive(uint256 id) private view returns (Receipt storage r) {
        r = _existing(id);
        if (r.owner != msg.sender) revert WarehouseReceiptsNotOwner(id, msg.sender);
        if (r.status != Status.Active) revert WarehouseReceiptsNotActive(id, r.status);
        _participants.requireActive(msg.sender, 0);
    }

    function _pledged(uint256 id) private view returns (Receipt storage r) {
        r = _existing(id);
        if (r.status != Status.Pledged) revert WarehouseReceiptsNotPledged(id);
    }

    function _existing(uint256 id) private view returns (Receipt storage r) {
        r = _receipts[id];
        if (r.status == Status.None) revert WarehouseReceiptsUnknown(id);
    }

    function _inboundKey(address warehouse, bytes32 inbound) private pure returns (bytes32) {
        return keccak256(abi.encode(warehouse, inbound));
    }
}
