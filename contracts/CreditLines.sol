// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICreditLines} from "./interfaces/ICreditLines.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title CreditLines
contract CreditLines is ICreditLines {
    IParticipants private immutable _participants;
    address private immutable _financing;
    address private immutable _settlement;

    mapping(address bank => mapping(address core => CreditLine)) private _lines;
    /// @dev Kept as a running sum so that the issuance-cover check is O(1), not a loop over banks.
    mapping(address core => uint256) private _openLimit;

    constructor(IParticipants participants, address financing, address settlement) {
        _participants = participants;
        _financing = financing;
        _settlement = settlement;
    }

    /// @inheritdoc ICreditLines
    function grant(address core, uint64 limit, uint40 expiry) external {
        _participants.requireActive(msg.sender, Roles.BANK);
        _participants.requireActive(core, Roles.CORE_ENTERPRISE);
        CreditLine storage line = _lines[msg.sender][core];
        if (line.open) revert CreditLinesAlreadyOpen(msg.sender, core);
        _requireTerms(limit, expiry, line.used);
        line.limit = limit;
        line.expiry = expiry;
        line.open = true;
        _openLimit[core] += limit;
        emit CreditLineGranted(msg.sender, core, limit, expiry);
    }

    /// @inheritdoc ICreditLines
    function amend(address core, uint64 limit, uint40 expiry) external {
        _participants.requireActive(msg.sender, Roles.BANK);
        CreditLine storage line = _openLine(msg.sender, core);
        _requireTerms(limit, expiry, line.used);
        _openLimit[core] = _openLimit[core] - line.limit + limit;
        line.limit = limit;
        line.expiry = expiry;
        emit CreditLineAmended(msg.sender, core, limit, expiry);
    }

    /// @inheritdoc ICreditLines
    function close(address core) external {
        _participants.requireActive(msg.sender, Roles.BANK);
        _close(msg.sender, core);
    }

    /// @inheritdoc ICreditLines
    function closeExpired(address bank, address core) external {
        CreditLine storage line = _openLine(bank, core);
        if (block.timestamp < line.expiry) revert CreditLinesNotExpired(bank, core, line.expiry);
        _close(bank, core);
    }

    /// @inheritdoc ICreditLines
    function use(address bank, address core, uint64 amount) external {
        if (msg.sender != _financing) revert CreditLinesUnauthorized(msg.sender);
        CreditLine storage line = _lines[bank][core];
        // Every financing runs this: one read of the line's single slot, where reading the fields one by one
        // would read it once per field.
        CreditLine memory terms = _load(line);
        _requireUsable(bank, core, terms, amount);
        uint64 used = terms.used + amount;
        line.used = used;
        emit CreditLineUsed(bank, core, amount, used);
    }

    /// @inheritdoc ICreditLines
    function release(address bank, address core, uint64 amount) external {
        if (msg.sender != _settlement) revert CreditLinesUnauthorized(msg.sender);
        CreditLine storage line = _lines[bank][core];
        // Checked arithmetic: releasing more than was used would be a ledger bug, never a valid state.
        line.used -= amount;
        emit CreditLineReleased(bank, core, amount, line.used);
    }

    /// @inheritdoc ICreditLines
    function requireAvailable(address bank, address core, uint64 amount) external view {
        _requireUsable(bank, core, _load(_lines[bank][core]), amount);
    }

    /// @inheritdoc ICreditLines
    function creditLine(address bank, address core) external view returns (CreditLine memory) {
        return _lines[bank][core];
    }

    /// @inheritdoc ICreditLines
    function available(address bank, address core) external view returns (uint64) {
        CreditLine storage line = _lines[bank][core];
        if (!line.open || block.timestamp >= line.expiry) return 0;
        return line.limit - line.used;
    }

    /// @inheritdoc ICreditLines
    function openLimitOf(address core) external view returns (uint256) {
        return _openLimit[core];
    }

    function _close(address bank, address core) private {
        CreditLine storage line = _openLine(bank, core);
        line.open = false;
        _openLimit[core] -= line.limit;
        emit CreditLineClosed(bank, core, msg.sender);
    }

    function _requireUsable(address bank, address core, CreditLine memory line, uint64 amount) private view {
        if (!line.open) revert CreditLinesNotFound(bank, core);
        if (block.timestamp >= line.expiry) revert CreditLinesExpired(bank, core, line.expiry);
        uint64 left = line.limit - line.used;
        if (amount > left) revert CreditLinesExceeded(bank, core, left, amount);
    }

    /// @dev The line packs, from the low bytes up: limit, used, expiry, open.
    function _load(CreditLine storage line) private view returns (CreditLine memory terms) {
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(line.slot)
        }
        terms = CreditLine({
            limit: uint64(word), used: uint64(word >> 64), expiry: uint40(word >> 128), open: uint8(word >> 168) != 0
        });
    }

    function _openLine(address bank, address core) private view returns (CreditLine storage line) {
        line = _lines[bank][core];
        if (!line.open) revert CreditLinesNotFound(bank, core);
    }

    function _requireTerms(uint64 limit, uint40 expiry, uint64 used) private view {
        if (limit == 0 || limit < used) revert CreditLinesLimitBelowUsed(limit, used);
        if (expiry <= block.timestamp) revert CreditLinesExpiryInPast(expiry);
    }
}
