// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Role bits of a participant. One organisation may hold several,
/// such as a core enterprise that is also a supplier to another chain.
library Roles {
    uint8 internal constant OPERATOR = 1;
    uint8 internal constant REGULATOR = 2;
    uint8 internal constant CORE_ENTERPRISE = 4;
    uint8 internal constant SUPPLIER = 8;
    uint8 internal constant BANK = 16;
    uint8 internal constant ALL = 31;
}
