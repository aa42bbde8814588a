// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";
import {Standing} from "./libraries/Standing.sol";

/// @title Participants
/// @notice The ledger's membership list. Every other contract asks it before moving anything.
contract Participants is IParticipants {
    /// @dev The record as stored: the view's fields plus the index, which fits in the first slot beside the flags.
    /// Vouchers keeps its holders by index, so that a piece's owner, value and lineage share one storage slot.
    struct Record {
        uint8 roles;
        bool registered;
        bool suspended;
        bool frozen;
        uint32 index;
        bytes32 usccHash;
        bytes32 kycHash;
    }

    uint32 private _count;
    mapping(address account => Record) private _participants;
    /// @dev By index: the account in the low 160 bits, and above them a copy of its standing word, rewritten with
    /// every change of the record's first word. A redemption finds the holder by index, and so reads one storage
    /// slot for both, where the address alone would send it to a second cold slot in `_participants`.
    mapping(uint32 index => uint256 entry) private _accounts;

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
        Record storage p = _registered(account);
        _requireValidRoles(roles);
        if (account == msg.sender && roles & Roles.OPERATOR == 0) revert ParticipantsSelfLockout(account);
        if ((p.roles ^ roles) & Roles.REGULATOR != 0) revert ParticipantsRegulatorRoleReserved(account);
        _setRoles(p, account, roles);
    }

    /// @inheritdoc IParticipants
    function grantRegulator(address account) external onlyActive(Roles.REGULATOR) {
        Record storage p = _registered(account);
        if (p.roles & Roles.REGULATOR != 0) revert ParticipantsStatusUnchanged(account);
        _setRoles(p, account, p.roles | Roles.REGULATOR);
    }

    /// @inheritdoc IParticipants
    function revokeRegulator(address account) external onlyActive(Roles.REGULATOR) {
        Record storage p = _registered(account);
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
        Record storage p = _participants[account];
        return Participant(p.roles, p.registered, p.suspended, p.frozen, p.usccHash, p.kycHash);
    }

    /// @inheritdoc IParticipants
    function statusOf(address account) public view returns (Status) {
        return Standing.status(_word(account));
    }

    /// @inheritdoc IParticipants
    function isActiveAs(address account, uint8 role) external view returns (bool) {
        uint256 word = _word(account);
        return Standing.status(word) == Status.Active && uint8(word) & role == role;
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

    /// @inheritdoc IParticipants
    function standing(address account) external view returns (uint256) {
        return _word(account);
    }

    /// @inheritdoc IParticipants
    function standingPair(address first, address second) external view returns (uint256, uint256) {
        return (_word(first), _word(second));
    }

    /// @inheritdoc IParticipants
    function accountAt(uint32 index) external view returns (address account, uint256 word) {
        uint256 entry = _accounts[index];
        account = address(uint160(entry));
        word = entry >> 160;
    }

    /// @inheritdoc IParticipants
    function standingAndAccountAt(address first, uint32 index)
        external
        view
        returns (uint256 firstWord, address account, uint256 word)
    {
        firstWord = _word(first);
        uint256 entry = _accounts[index];
        account = address(uint160(entry));
        word = entry >> 160;
    }

    function _register(address account, uint8 roles, bytes32 usccHash, bytes32 kycHash) private {
        if (account == address(0)) revert ParticipantsZeroAddress();
        _requireValidRoles(roles);
        Record storage p = _participants[account];
        if (p.registered) revert ParticipantsAlreadyRegistered(account);
        uint32 index = ++_count;
        p.roles = roles;
        p.registered = true;
        p.index = index;
        p.usccHash = usccHash;
        p.kycHash = kycHash;
        _mirror(p, account);
        emit ParticipantRegistered(account, roles, usccHash, kycHash);
    }

    function _setRoles(Record storage p, address account, uint8 roles) private {
        p.roles = roles;
        _mirror(p, account);
        emit ParticipantRolesChanged(account, roles);
    }

    function _setSuspended(address account, bool suspended) private {
        Record storage p = _registered(account);
        if (p.suspended == suspended) revert ParticipantsStatusUnchanged(account);
        if (account == msg.sender) revert ParticipantsSelfLockout(account);
        p.suspended = suspended;
        _mirror(p, account);
        emit ParticipantSuspensionChanged(account, suspended);
    }

    function _setFrozen(address account, bool frozen) private {
        Record storage p = _registered(account);
        if (p.frozen == frozen) revert ParticipantsStatusUnchanged(account);
        if (account == msg.sender) revert ParticipantsSelfLockout(account);
        p.frozen = frozen;
        _mirror(p, account);
        emit ParticipantFreezeChanged(account, frozen);
    }

    /// @dev Run after every write to the record's first word, so that `accountAt` never disagrees with `standing`.
    function _mirror(Record storage p, address account) private {
        _accounts[p.index] = uint256(uint160(account)) | (_word(account) << 160);
    }

    function _registered(address account) private view returns (Record storage p) {
        p = _participants[account];
        if (!p.registered) revert ParticipantsNotRegistered(account);
    }

    /// @dev Every ledger write runs this for each party, so it reads the participant's flags word once: reading
    /// the fields one by one costs a storage read each.
    function _requireActive(address account, uint8 role) private view {
        Standing.requireActive(_word(account), account, role);
    }

    /// @dev One storage read for the flags, roles and index, where reading the fields one by one would read the
    /// slot once per field.
    function _word(address account) private view returns (uint256 word) {
        Record storage p = _participants[account];
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(p.slot)
        }
    }

    function _requireValidRoles(uint8 roles) private pure {
        if (roles == 0 || roles & ~Roles.ALL != 0) revert ParticipantsInvalidRoles(roles);
    }
}
