// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipants} from "../interfaces/IParticipants.sol";

/// @notice A participant's standing is the first storage word of its record: from the low byte up, its roles,
/// then registered, suspended and frozen (one byte each), then its 32-bit index. Participants hands the word out
/// whole, so that a module can put its own checks first and still revert with the participant errors.
library Standing {
    uint256 private constant ACTIVE_MASK = 0xffffff00;
    uint256 private constant REGISTERED_ONLY = 0x00000100;

    function requireActive(uint256 word, address account, uint8 role) internal pure {
        if (word & ACTIVE_MASK != REGISTERED_ONLY) revert IParticipants.ParticipantsNotActive(account, status(word));
        if (uint8(word) & role != role) revert IParticipants.ParticipantsMissingRole(account, role);
    }

    function status(uint256 word) internal pure returns (IParticipants.Status) {
        if (uint8(word >> 8) == 0) return IParticipants.Status.None;
        if (uint8(word >> 24) != 0) return IParticipants.Status.Frozen;
        if (uint8(word >> 16) != 0) return IParticipants.Status.Suspended;
        return IParticipants.Status.Active;
    }

    /// @dev Zero for an account that was never registered: no voucher is ever held by index zero.
    function index(uint256 word) internal pure returns (uint32) {
        return uint32(word >> 32);
    }
}
