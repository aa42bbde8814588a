// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Warehouse receipts (电子仓单): one receipt per lot of goods in a warehouse, after GB/T 30332.
/// @notice A warehouse issues a receipt to the depositor only against an inbound it attests together with a
/// weighing device's reading, and an inbound or a reading backs one receipt, ever: the same goods cannot be
/// receipted twice (the Qingdao failure). The receipt records the commodity, the quantity in grams, the grade,
/// and commitments to the location and to the full, salted document, so that the document can be shown to a
/// bank or a court and checked without being published. The owner transfers it, splits it into lots (the
/// quantities add up to the whole), surrenders it for delivery out of the warehouse, or cancels it. The pledge
/// module alone locks a receipt for a loan, releases it, and hands it to the bank on default; a locked receipt
/// does not move.
interface IWarehouseReceipts {
    enum Status {
        None,
        Active,
        Pledged,
        Split,
        Delivered,
        Cancelled
    }

    /// @dev Two slots hold what every operation reads; the commitments follow, read only by people.
    struct Receipt {
        address owner;
        uint96 quantity;
        address warehouse;
        Status status;
        uint64 parent;
        bytes16 commodity;
        bytes16 grade;
        bytes32 location;
        bytes32 document;
    }

    /// @notice What the warehouse writes on a new receipt. `inbound` is the warehouse's own reference of the
    /// inbound; `reading` commits to the signed weighing-device reading that measured `weighed` grams.
    struct Issue {
        address depositor;
        bytes16 commodity;
        bytes16 grade;
        uint96 quantity;
        uint96 weighed;
        bytes32 inbound;
        bytes32 reading;
        bytes32 location;
        bytes32 document;
    }

    /// @notice A lot of a split: its quantity and its own document's commitment.
    struct Lot {
        uint96 quantity;
        bytes32 document;
    }

    /// @notice Emitted when `warehouse` issues receipt `id` to `depositor`, against `inbound` and `reading`.
    event ReceiptIssued(
        uint256 indexed id,
        address indexed warehouse,
        address indexed depositor,
        bytes16 commodity,
        bytes16 grade,
        uint96 quantity,
        uint96 weighed,
        bytes32 inbound,
        bytes32 reading,
        bytes32 location,
        bytes32 document
    );
    /// @notice Emitted when receipt `id` passes from `from` to `to`.
    event ReceiptTransferred(uint256 indexed id, address indexed from, address indexed to);
    /// @notice Emitted once per lot when receipt `parent` is split: lot `id` carries `quantity` and `document`.
    event ReceiptSplit(uint256 indexed parent, uint256 indexed id, uint96 quantity, bytes32 document);
    /// @notice Emitted when `owner` surrenders receipt `id` for delivery: the warehouse releases the goods
    /// against this record, and a door opened for them has its delivery order.
    event ReceiptDelivered(uint256 indexed id, address indexed owner, uint96 quantity);
    /// @notice Emitted when `owner` cancels receipt `id`.
    event ReceiptCancelled(uint256 indexed id, address indexed owner, uint96 quantity);
    /// @notice Emitted when the pledge module locks (`pledged` true) or releases receipt `id`.
    event ReceiptPledgeChanged(uint256 indexed id, bool pledged);

    /// @notice Thrown when the receipt does not exist.
    error WarehouseReceiptsUnknown(uint256 id);
    /// @notice Thrown when the caller does not own the receipt.
    error WarehouseReceiptsNotOwner(uint256 id, address caller);
    /// @notice Thrown when the receipt is not active: pledged, split, delivered or cancelled.
    error WarehouseReceiptsNotActive(uint256 id, Status status);
    /// @notice Thrown when the pledge module releases or hands over a receipt it did not lock.
    error WarehouseReceiptsNotPledged(uint256 id);
    /// @notice Thrown when the inbound reference or the weighing reading already backs a receipt.
    error WarehouseReceiptsAttestationUsed(bytes32 attestation);
    /// @notice Thrown when a quantity is zero, or above what the device weighed.
    error WarehouseReceiptsInvalidQuantity(uint96 quantity, uint96 limit);
    /// @notice Thrown when the lots of a split do not add up to the receipt's quantity.
    error WarehouseReceiptsQuantityMismatch(uint256 id, uint256 lots, uint96 quantity);
    /// @notice Thrown when a split has fewer than two lots or more than `MAX_LOTS`.
    error WarehouseReceiptsInvalidLots(uint256 count);
    /// @notice Thrown when the receipt would go to its owner, or a commitment or commodity is empty.
    error WarehouseReceiptsInvalidArgument();
    /// @notice Thrown when the caller is not the pledge module.
    error WarehouseReceiptsUnauthorized(address caller);

    /// @notice Issues a receipt for an attested inbound. The caller is an active warehouse; the depositor is
    /// an active participant. Neither `inbound` (per warehouse) nor `reading` may have backed a receipt before.
    function issue(Issue calldata terms) external returns (uint256 id);

    /// @notice Passes receipt `id` to `to`, an active participant. The owner only, while active and unpledged.
    function transfer(uint256 id, address to) external;

    /// @notice Replaces receipt `id` by one receipt per lot, owned by the same owner, whose quantities add up
    /// to its own. The owner only, while active and unpledged. Returns the first lot's id; the others follow.
    function split(uint256 id, Lot[] calldata lots) external returns (uint256 firstId);

    /// @notice Surrenders receipt `id` for delivery out of the warehouse. The owner only, unpledged.
    function deliver(uint256 id) external;

    /// @notice Cancels receipt `id`: the goods no longer stand behind any receipt until a new inbound. The
    /// owner only, unpledged.
    function cancel(uint256 id) external;

    /// @notice Locks receipt `id`, owned by `owner` and active, for a loan. Pledge module only.
    function lock(uint256 id, address owner) external returns (bytes16 commodity, uint96 quantity);

    /// @notice Releases the lock on receipt `id`. Pledge module only.
    function release(uint256 id) external;

    /// @notice Releases receipt `id` to `to`, its new owner (the bank that enforces the pledge). Pledge module only.
    function seize(uint256 id, address to) external;

    /// @notice The record of receipt `id`.
    function receipt(uint256 id) external view returns (Receipt memory);

    /// @notice The receipt that `warehouse`'s inbound `inbound`, or reading `reading`, backs (0 when none).
    function backedBy(address warehouse, bytes32 inbound, bytes32 reading)
        external
        view
        returns (uint256 byInbound, uint256 byReading);

    /// @notice The id of the newest receipt or lot.
    function lastId() external view returns (uint256);
}
