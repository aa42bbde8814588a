// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Role bits of a participant. One organisation may hold several,
/// such as a core enterprise that is also a supplier to another chain.
/// @dev The three inventory-finance kinds take the last free bits of the uint8, so that no stored record,
/// event or selector changes. The price publisher is not a kind of organisation but an appointment, which the
/// operator makes in CommodityPrices, as the regulator designates the settlement bank in SettlementCash.
library Roles {
    uint8 internal constant OPERATOR = 1;
    uint8 internal constant REGULATOR = 2;
    uint8 internal constant CORE_ENTERPRISE = 4;
    uint8 internal constant SUPPLIER = 8;
    uint8 internal constant BANK = 16;
    /// @dev Holds goods and issues electronic warehouse receipts against attested inbounds (仓储/监管方).
    uint8 internal constant WAREHOUSE = 32;
    /// @dev Backs a financing or a pledge loan up to an amount (担保机构).
    uint8 internal constant GUARANTOR = 64;
    /// @dev Insures goods under a cargo policy (保险机构).
    uint8 internal constant INSURER = 128;
    uint8 internal constant ALL = 255;
}
