// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Participants: who may act on the ledger, in which roles, and whether they may act now.
/// @notice Every organisation's address carries role bits (see `Roles`), a status and the hashes of
/// its unified social credit code (USCC) and KYC record. The operator registers, changes roles and
/// suspends; only the regulator freezes (a judicial freeze). The regulator's role is the regulator's alone to
/// grant and revoke, and the operator can neither suspend a regulator nor grant itself the role. The two are independent: unfreezing a
/// suspended participant leaves it suspended.
interface IParticipants {
    enum Status {
        None,
        Active,
        Suspended,
        Frozen
    }

    struct Participant {
        uint8 roles;
        bool registered;
        bool suspended;
        bool frozen;
        bytes32 usccHash;
        bytes32 kycHash;
    }

    /// @notice Emitted when `account` is registered with `roles` and its identity hashes.
    event ParticipantRegistered(address indexed account, uint8 roles, bytes32 usccHash, bytes32 kycHash);
    /// @notice Emitted when the operator changes the roles of `account`, or the regulator grants or revokes
    /// the regulator's role.
    event ParticipantRolesChanged(address indexed account, uint8 roles);
    /// @notice Emitted when the operator records a new KYC hash for `account`.
    event ParticipantKycUpdated(address indexed account, bytes32 kycHash);
    /// @notice Emitted when the operator suspends (`suspended` true) or reinstates `account`.
    event ParticipantSuspensionChanged(address indexed account, bool suspended);
    /// @notice Emitted when the regulator freezes (`frozen` true) or unfreezes `account`.
    event ParticipantFreezeChanged(address indexed account, bool frozen);
    /// @notice Emitted when `operator` anchors the platform's off-chain audit log: `head` is the hash of the log's
    /// newest entry and `entries` the number of entries up to and including it. A log rewritten afterwards can no
    /// longer produce this head at this length.
    event AuditLogAnchored(address indexed operator, bytes32 head, uint64 entries);

    /// @notice Thrown when the zero address is registered.
    error ParticipantsZeroAddress();
    /// @notice Thrown when registering an address that is already registered.
    error ParticipantsAlreadyRegistered(address account);
    /// @notice Thrown when acting on an address that was never registered.
    error ParticipantsNotRegistered(address account);
    /// @notice Thrown when roles are empty or carry bits outside `Roles.ALL`.
    error ParticipantsInvalidRoles(uint8 roles);
    /// @notice Thrown when `account` is registered but suspended or frozen (or unregistered: status None).
    error ParticipantsNotActive(address account, Status status);
    /// @notice Thrown when `account` lacks every bit of `role`.
    error ParticipantsMissingRole(address account, uint8 role);
    /// @notice Thrown when the operator would remove its own operator role, or the caller would suspend or
    /// freeze itself: either would leave no one able to undo it.
    error ParticipantsSelfLockout(address account);
    /// @notice Thrown when the operator would grant or remove the regulator's role (at registration or by
    /// `setRoles`), or suspend a regulator: only a regulator grants or revokes it, and nobody but a regulator
    /// may stop one.
    error ParticipantsRegulatorRoleReserved(address account);
    /// @notice Thrown when a status change would not change anything (freeze a frozen account, etc.), or the
    /// regulator would grant its role to a regulator or revoke it from an account without it.
    error ParticipantsStatusUnchanged(address account);

    /// @notice Registers `account` with `roles`, which may not include `Roles.REGULATOR`. Operator only.
    function register(address account, uint8 roles, bytes32 usccHash, bytes32 kycHash) external;

    /// @notice Replaces the roles of `account`, leaving its regulator bit as it is. Operator only.
    function setRoles(address account, uint8 roles) external;

    /// @notice Adds the regulator's role to the registered `account`. Regulator only.
    function grantRegulator(address account) external;

    /// @notice Removes the regulator's role from `account`, never the caller's own. Regulator only.
    function revokeRegulator(address account) external;

    /// @notice Records a new KYC hash for `account`. Operator only.
    function updateKyc(address account, bytes32 kycHash) external;

    /// @notice Suspends `account`: it can take no ledger action until reinstated. Operator only; never a regulator.
    function suspend(address account) external;

    /// @notice Lifts a suspension. Operator only.
    function reinstate(address account) external;

    /// @notice Freezes `account` by judicial order: nothing it holds moves. Regulator only.
    function freeze(address account) external;

    /// @notice Lifts a judicial freeze. Regulator only.
    function unfreeze(address account) external;

    /// @notice Records the head of the audit log's hash chain on the ledger. Operator only; nothing is stored,
    /// the event is the record.
    function anchorAuditLog(bytes32 head, uint64 entries) external;

    /// @notice The full record of `account`.
    function participant(address account) external view returns (Participant memory);

    /// @notice Active, Suspended, Frozen, or None when unregistered. Frozen wins over Suspended.
    function statusOf(address account) external view returns (Status);

    /// @notice True when `account` is active and holds every bit of `role`.
    function isActiveAs(address account, uint8 role) external view returns (bool);

    /// @notice Reverts unless `account` is active and holds every bit of `role`.
    function requireActive(address account, uint8 role) external view;

    /// @notice `requireActive` for two accounts in one call: most ledger writes check both of their parties.
    function requireActivePair(address first, uint8 firstRole, address second, uint8 secondRole) external view;

    /// @notice The first storage word of `account`'s record, as `Standing` reads it: its roles, status and index.
    /// For a module that must run its own checks before the participant's, and that keeps holders by index.
    function standing(address account) external view returns (uint256);

    /// @notice `standing` for two accounts in one call.
    function standingPair(address first, address second) external view returns (uint256, uint256);

    /// @notice The account registered under `index` (from 1, in order of registration) and its standing word;
    /// zeros for none.
    function accountAt(uint32 index) external view returns (address account, uint256 word);

    /// @notice `standing` of `first`, and `accountAt` of `index`, in one call.
    function standingAndAccountAt(address first, uint32 index)
        external
        view
        returns (uint256 firstWord, address account, uint256 word);
}
