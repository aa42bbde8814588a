// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice A program's rules as one word, bounds already applied (`CreditPassingRules.rulesWordOf`): from the low
/// byte up, maxDepth, maxTermDays, minSplit, then one byte per flag (invoicesRequired, whitelistOnly,
/// banksRestricted, issuanceCoveredByCredit), as the program's rules are stored. Above them, two answers about the
/// parties the caller named, so that one call carries every rule a voucher write checks.
library ProgramRules {
    /// @dev The recipient the caller named may receive the program's vouchers.
    uint256 internal constant MAY_RECEIVE = 1 << 120;
    /// @dev The bank the caller named may finance the program's vouchers.
    uint256 internal constant MAY_FINANCE = 1 << 121;

    function maxDepth(uint256 word) internal pure returns (uint8) {
        return uint8(word);
    }

    function maxTermDays(uint256 word) internal pure returns (uint16) {
        return uint16(word >> 8);
    }

    function minSplit(uint256 word) internal pure returns (uint64) {
        return uint64(word >> 24);
    }

    function invoicesRequired(uint256 word) internal pure returns (bool) {
        return uint8(word >> 88) != 0;
    }

    function whitelistOnly(uint256 word) internal pure returns (bool) {
        return uint8(word >> 96) != 0;
    }

    function banksRestricted(uint256 word) internal pure returns (bool) {
        return uint8(word >> 104) != 0;
    }

    function issuanceCoveredByCredit(uint256 word) internal pure returns (bool) {
        return uint8(word >> 112) != 0;
    }

    function mayReceive(uint256 word) internal pure returns (bool) {
        return word & MAY_RECEIVE != 0;
    }

    function mayFinance(uint256 word) internal pure returns (bool) {
        return word & MAY_FINANCE != 0;
    }
}
