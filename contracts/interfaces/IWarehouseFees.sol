// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Warehouse fees (仓储费、监管费): what the warehouse earns on a receipt, paid in settlement cash.
/// @notice A warehouse publishes its tariff per commodity: a storage fee and a supervision fee, each in fen per tonne
/// per day. It opens a receipt's account, fixing the tariff for it, and the storage fee accrues per CST day from that
/// day; while the receipt is pledged, the warehouse as supervisor (监管方) also accrues the supervision fee from the
/// day it starts supervising to the day supervision ends (the warehouse ends it, or anyone once the receipt is no
/// longer pledged). Anyone, usually the owner, pays what is due to the day before today, the days counted
/// as in Discount (the first counted, today not), each fee rounded half up to the fen. A payment made once the receipt
/// has left the warehouse (delivered), been cancelled or split closes the account: that is the payment on delivery,
/// which the warehouse sees on the ledger before it releases the goods. A split's lots are opened afresh.
interface IWarehouseFees {
    struct Tariff {
        uint64 storageFenPerTonneDay;
        uint64 supervisionFenPerTonneDay;
    }

    struct Account {
        address warehouse;
        /// CST day (days since 1970-01-01 CST) from which storage is unpaid.
        uint32 storageFrom;
        /// CST day from which the supervision running now is unbilled.
        uint32 supervisedFrom;
        bool supervising;
        bool closed;
        uint64 storageFenPerTonneDay;
        uint64 supervisionFenPerTonneDay;
        /// Supervision of periods already ended, not yet paid.
        uint128 supervisionDue;
    }

    /// @notice Emitted when `warehouse` sets its tariff for `commodity`.
    event TariffSet(address indexed warehouse, bytes16 indexed commodity, uint64 storageFenPerTonneDay, uint64 supervisionFenPerTonneDay);
    /// @notice Emitted when the warehouse opens receipt `receiptId`'s account from CST day `day` at its tariff.
    event FeeAccountOpened(
        uint256 indexed receiptId,
        address indexed warehouse,
        uint32 day,
        uint64 storageFenPerTonneDay,
        uint64 supervisionFenPerTonneDay
    );
    /// @notice Emitted when the warehouse starts supervising pledged receipt `receiptId` from CST day `day`.
    event SupervisionStarted(uint256 indexed receiptId, uint32 day);
    /// @notice Emitted when supervision of `receiptId` ends, by `by`, after `days_` days earning `fee`.
    event SupervisionEnded(uint256 indexed receiptId, address by, uint256 days_, uint256 fee);
    /// @notice Emitted when `payer` pays `warehouse` the storage and supervision fees of `receiptId` up to CST day
    /// `day` (not counted); `closed` when the account closes with it.
    event FeesPaid(
        uint256 indexed receiptId,
        address indexed payer,
        address indexed warehouse,
        uint256 storageFee,
        uint256 supervisionFee,
        uint32 day,
        bool closed
    );

    /// @notice Thrown when the caller is not the receipt's warehouse.
    error WarehouseFeesNotWarehouse(uint256 receiptId, address caller);
    /// @notice Thrown when opening an account already opened.
    error WarehouseFeesAlreadyOpen(uint256 receiptId);
    /// @notice Thrown when the receipt's account was never opened, or is closed.
    error WarehouseFeesNotOpen(uint256 receiptId);
    /// @notice Thrown when opening an account for a receipt neither active nor pledged.
    error WarehouseFeesReceiptNotHeld(uint256 receiptId);
    /// @notice Thrown when the warehouse has no tariff for the receipt's commodity.
    error WarehouseFeesNoTariff(address warehouse, bytes16 commodity);
    /// @notice Thrown when starting supervision of a receipt that is not pledged, or already supervised.
    error WarehouseFeesCannotSupervise(uint256 receiptId);
    /// @notice Thrown when ending supervision that is not running, or (anyone but the warehouse) while the receipt is
    /// still pledged.
    error WarehouseFeesCannotEndSupervision(uint256 receiptId);
    /// @notice Thrown when paying with nothing due on an account that would stay open.
    error WarehouseFeesNothingDue(uint256 receiptId);

    /// @notice Sets the caller's tariff for `commodity`, for accounts opened from now on. Active warehouses only.
    function setTariff(bytes16 commodity, uint64 storageFenPerTonneDay, uint64 supervisionFenPerTonneDay) external;

    /// @notice The receipt's warehouse, active, opens its account at its current tariff; storage accrues from today.
    function open(uint256 receiptId) external;

    /// @notice The receipt's warehouse starts supervising it while it is pledged.
    function startSupervision(uint256 receiptId) external;

    /// @notice Ends supervision: the warehouse at any time, anyone once the receipt is no longer pledged.
    function endSupervision(uint256 receiptId) external;

    /// @notice Pays the warehouse what is due on the receipt, from the caller's settlement cash (with its allowance to
    /// this contract); closes the account if the receipt has left the warehouse.
    function pay(uint256 receiptId) external returns (uint256 storageFee, uint256 supervisionFee);

    /// @notice What paying now would pay.
    function due(uint256 receiptId) external view returns (uint256 storageFee, uint256 supervisionFee);

    /// @notice The receipt's fee account.
    function account(uint256 receiptId) external view returns (Account memory);

    /// @notice `warehouse`'s tariff for `commodity`.
    function tariff(address warehouse, bytes16 commodity) external view returns (Tariff memory);
}
