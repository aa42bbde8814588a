// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title Participants
/// @notice The ledger's membership list. Every other contract asks it before moving anything.
contract Participants is IParticipants {
    /// @dev The registered, suspended and frozen bytes of a participant's first slot, and their active setting.
    uint256 private constant ACTIVE_MASK = 0xffffff00;
    uint256 private constant REGISTERED_ONLY = 0x00000100;

    mapping(address account => Participant) private _participants;

    modifier onlyActive(uint8 role) {
        _requireActive(msg.sender, role);
        _;
    }

    /// @param operator The platform operator, who registers everyone else.
    /// @param regulator The financial regulator, who alone may freeze.
    constructor(address operator, address regulator) {
        _register(operator, Roles.OPERATOR, bytes32(0), bytes32(0));
        _register(regulator, Roles.REGULATOR, bytes32(0), bytes32(0));
    }

    /// @inheritdoc IParticipants
    function register(address account, uint8 roles, bytes32 usccHash, bytes32 kycHash)
        external
        onlyActive(Roles.OPERATOR)
    {
        _requireValidRoles(roles);
        if (roles & Roles.REGULATOR != 0) revert ParticipantsRegulatorRoleReserved(account);
        _register(account, roles, usccHash, kycHash);
    }

    /// @inheritdoc IParticipants
    function setRoles(address account, uint8 roles) external onlyActive(Roles.OPERATOR) {
        Participant storage p = _registered(account);
        _requireValidRoles(roles);
        if (account == msg.sender && roles & Roles.OPERATOR == 0) revert ParticipantsSelfLockout(account);
        if ((p.roles ^ roles) & Roles.REGULATOR != 0) revert ParticipantsRegulatorRoleReserved(account);
        _setRoles(p, account, roles);
    }

    /// @inheritdoc IParticipants
    function grantRegulator(address account) external onlyActive(Roles.REGULATOR) {
        Participant storage p = _registered(account);
        if (p.roles & Roles.REGULATOR != 0) revert ParticipantsStatusUnchanged(account);
        _setRoles(p, account, p.roles | Roles.REGULATOR);
    }

    /// @inheritdoc IParticipants
    function revokeRegulator(address account) external onlyActive(Roles.REGULATOR) {
        Participant storage p = _registered(account);
        if (p.roles & Roles.REGULATOR == 0) revert ParticipantsStatusUnchanged(account);
        if (account == msg.sender) revert ParticipantsSelfLockout(account);
        uint8 roles = p.roles & ~Roles.REGULATOR;
        // A participant that was only a regulator keeps no role at all: it stays registered, able to do nothing.
        _setRoles(p, account, roles);
    }

    /// @inheritdoc IParticipants
    function updateKyc(address account, bytes32 kycHash) external onlyActive(Roles.OPERATOR) {
        _registered(account).kycHash = kycHash;
        emit ParticipantKycUpdated(account, kycHash);
    }

    /// @inheritdoc IParticipants
    function suspend(address account) external onlyActive(Roles.OPERATOR) {
        // The operator is the regulated party: it must not be able to silence its regulator.
        if (_participants[account].roles & Roles.REGULATOR != 0) revert ParticipantsRegulatorRoleReserved(account);
        _setSuspended(account, true);
    }

    /// @inheritdoc IParticipants
    function reinstate(address account) external onlyActive(Roles.OPERATOR) {
        _setSuspended(account, false);
    }

    /// @inheritdoc IParticipants
    function freeze(address account) external onlyActive(Roles.REGULATOR) {
        _setFrozen(account, true);
    }

    /// @inheritdoc IParticipants
    function unfreeze(address account) external onlyActive(Roles.REGULATOR) {
        _setFrozen(account, false);
    }

    /// @inheritdoc IParticipants
    function anchorAuditLog(bytes32 head, uint64 entries) external onlyActive(Roles.OPERATOR) {
        emit AuditLogAnchored(msg.sender, head, entries);
    }

    /// @inheritdoc IParticipants
    function participant(address account) external view returns (Participant memory) {
        return _participants[account];
    }

    /// @inheritdoc IParticipants
    function statusOf(address account) public view returns (Status) {
        return _status(_participants[account]);
    }

    /// @inheritdoc IParticipants
    function isActiveAs(address account, uint8 role) external view returns (bool) {
        Participant storage p = _participants[account];
        return _status(p) == Status.Active && p.roles & role == role;
    }

    /// @inheritdoc IParticipants
    function requireActive(address account, uint8 role) external view {
        _requireActive(account, role);
    }

    /// @inheritdoc IParticipants
    function requireActivePair(address first, uint8 firstRole, address second, uint8 secondRole) external view {
        _requireActive(first, firstRole);
        _requireActive(second, secondRole);
    }

    function _register(address account, uint8 roles, bytes32 usccHash, bytes32 kycHash) private {
        if (account == address(0)) revert ParticipantsZeroAddress();
        _requireValidRoles(roles);
        Participant storage p = _participants[account];
        if (p.registered) revert ParticipantsAlreadyRegistered(account);
        p.roles = roles;
        p.registered = true;
        p.usccHash = usccHash;
        p.kycHash = kycHash;
        emit ParticipantRegistered(account, roles, usccHash, kycHash);
    }

    function _setRoles(Participant storage p, address account, uint8 roles) private {
        p.roles = roles;
        emit ParticipantRolesChanged(account, roles);
    }

    function _setSuspended(address account, bool suspended) private {
        Participant storage p = _registered(account);
        if (p.suspended == suspended) revert ParticipantsStatusUnchanged(account);
        if (account == msg.sender) revert ParticipantsSelfLockout(account);
        p.suspended = suspended;
        emit ParticipantSuspensionChanged(account, suspended);
    }

    function _setFrozen(address account, bool frozen) private {
        Participant storage p = _registered(account);
        if (p.frozen == frozen) revert ParticipantsStatusUnchanged(account);
        if (account == msg.sender) revert ParticipantsSelfLockout(account);
        p.frozen = frozen;
        emit ParticipantFreezeChanged(account, frozen);
    }

    function _registered(address account) private view returns (Participant storage p) {
        p = _participants[account];
        if (!p.registered) revert ParticipantsNotRegistered(account);
    }

    /// @dev Every ledger write runs this for each party, so it reads the participant's flags word once: reading
    /// the fields one by one costs a storage read each.
    function _requireActive(address account, uint8 role) private view {
        Participant storage p = _participants[account];
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(p.slot)
        }
        // The struct's first slot packs, from the low byte up: roles, registered, suspended, frozen.
        if (word & ACTIVE_MASK != REGISTERED_ONLY) revert ParticipantsNotActive(account, _status(p));
        if (uint8(word) & role != role) revert ParticipantsMissingRole(account, role);
    }

    function _requireValidRoles(uint8 roles) private pure {
        if (roles == 0 || roles & ~Roles.ALL != 0) revert ParticipantsInvalidRoles(roles);
    }

    function _status(Participant storage p) private view returns (Status) {
        if (!p.registered) return Status.None;
        if (p.frozen) return Status.Frozen;
        if (p.suspended) return Status.Suspended;
        return Status.Active;
    }
}
