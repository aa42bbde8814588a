// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Reading anchors: Merkle roots of the warehouses' signed IoT readings, on the ledger with their time.
/// @notice The platform stores every signed reading off chain and, every interval, anchors the Merkle root of the
/// readings not yet anchored (the tree of RFC 6962, section 2.1, over the readings in ascending id order). A reading's
/// inclusion proof then checks against a root recorded here, so a bank or a court need not trust the platform's
/// database: a reading changed after anchoring no longer hashes to an anchored root. Only the operator anchors.
interface IReadingAnchors {
    /// @dev One slot: where the batch's ids lie, how many readings it holds, and when it was anchored.
    struct Anchor {
        uint64 firstId;
        uint64 lastId;
        uint32 count;
        uint40 anchoredAt;
        uint40 blockNumber;
    }

    /// @notice Emitted when `operator` anchors `root`, the Merkle root of `count` readings whose ids run from
    /// `firstId` to `lastId` (ids may have gaps: a refused batch of readings consumes ids it never stores).
    event ReadingsAnchored(address indexed operator, bytes32 indexed root, uint64 firstId, uint64 lastId, uint32 count);

    /// @notice Thrown when the root is zero, which no tree of readings has.
    error ReadingAnchorsZeroRoot();
    /// @notice Thrown when the batch is empty, larger than MAX_BATCH, or its count does not fit between its ids.
    error ReadingAnchorsInvalidBatch(uint64 firstId, uint64 lastId, uint32 count);
    /// @notice Thrown when the root was anchored before: a root names one batch, once.
    error ReadingAnchorsAlreadyAnchored(bytes32 root);

    /// @notice Anchors `root` for `count` readings with ids from `firstId` to `lastId`. An active operator only.
    function anchor(bytes32 root, uint64 firstId, uint64 lastId, uint32 count) external;

    /// @notice The anchor of `root`; all zero when it was never anchored.
    function anchorOf(bytes32 root) external view returns (Anchor memory);

    /// @notice How many roots were anchored.
    function anchors() external view returns (uint256);
}
