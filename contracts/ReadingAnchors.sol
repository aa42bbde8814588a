// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipants} from "./interfaces/IParticipants.sol";
import {IReadingAnchors} from "./interfaces/IReadingAnchors.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ReadingAnchors
contract ReadingAnchors is IReadingAnchors {
    /// @notice The most readings one root may cover: bounds the proof's length (at most 16 siblings) and the work
    /// of rebuilding a batch's tree to prove one of its readings.
    uint32 public constant MAX_BATCH = 65_536;

    IParticipants private immutable _participants;

    mapping(bytes32 root => Anchor) private _anchors;
    uint256 private _count;

    constructor(IParticipants participants) {
        _participants = participants;
    }

    /// @inheritdoc IReadingAnchors
    function anchor(bytes32 root, uint64 firstId, uint64 lastId, uint32 count) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        if (root == bytes32(0)) revert ReadingAnchorsZeroRoot();
        // Widened to uint256 so that the span of ids cannot overflow; `count` readings need at least `count` ids.
        bool fits = lastId >= firstId && uint256(lastId) - firstId + 1 >= count;
        if (count == 0 || count > MAX_BATCH || !fits) revert ReadingAnchorsInvalidBatch(firstId, lastId, count);
        if (_anchors[root].count != 0) revert ReadingAnchorsAlreadyAnchored(root);
        _record(root, Anchor(firstId, lastId, count, uint40(block.timestamp), uint40(block.number)));
        emit ReadingsAnchored(msg.sender, root, firstId, lastId, count);
    }

    /// @inheritdoc IReadingAnchors
    function anchorOf(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @inheritdoc IReadingAnchors
    function anchors() external view returns (uint256) {
        return _count;
    }

    function _record(bytes32 root, Anchor memory a) private {
        _anchors[root] = a;
        // Cannot overflow: each anchor costs a transaction, and 2^256 of them will never be sent.
        unchecked {
            ++_count;
        }
    }
}
