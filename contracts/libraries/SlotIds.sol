// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice An ERC-3525 slot is what is fungible: the same debtor and the same maturity. The id packs both,
/// `debtor << 40 | maturity`, so that standard tooling can read them back from `slotOf` without a call.
library SlotIds {
    function from(address debtor, uint40 maturity) internal pure returns (uint256) {
        return (uint256(uint160(debtor)) << 40) | maturity;
    }

    function debtorOf(uint256 slot) internal pure returns (address) {
        return address(uint160(slot >> 40));
    }

    function maturityOf(uint256 slot) internal pure returns (uint40) {
        return uint40(slot);
    }
}
