// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICreditPassingRules} from "./interfaces/ICreditPassingRules.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title CreditPassingRules
contract CreditPassingRules is ICreditPassingRules {
    /// @dev Supply-chain e-vouchers run at most six months in principle and never over a year (2025 rule).
    uint16 public constant HARD_MAX_TERM_DAYS = 365;
    uint16 public constant DEFAULT_TERM_DAYS = 180;
    uint8 public constant DEFAULT_MAX_DEPTH = 5;
    uint8 public constant HARD_MAX_DEPTH = 32;

    IParticipants private immutable _participants;

    Bounds private _bounds;
    /// @dev A program that never set its rules reads as `maxDepth == 0`, which `setRules` never stores.
    mapping(address core => Rules) private _rules;
    mapping(address core => mapping(address supplier => bool)) private _whitelist;
    mapping(address core => mapping(address bank => bool)) private _eligibleBanks;

    constructor(IParticipants participants) {
        _participants = participants;
        _bounds = Bounds({
            maxDepth: HARD_MAX_DEPTH,
            maxTermDays: HARD_MAX_TERM_DAYS,
            minSplitFloor: 1,
            invoicesMandatory: false,
            coverageMandatory: false
        });
        emit BoundsChanged(_bounds);
    }

    /// @inheritdoc ICreditPassingRules
    function setBounds(Bounds calldata b) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        if (b.maxDepth == 0 || b.maxDepth > HARD_MAX_DEPTH) revert CreditPassingRulesInvalidBounds();
        if (b.maxTermDays == 0 || b.maxTermDays > HARD_MAX_TERM_DAYS) revert CreditPassingRulesInvalidBounds();
        if (b.minSplitFloor == 0) revert CreditPassingRulesInvalidBounds();
        _bounds = b;
        emit BoundsChanged(b);
    }

    /// @inheritdoc ICreditPassingRules
    function setRules(Rules calldata r) external {
        _participants.requireActive(msg.sender, Roles.CORE_ENTERPRISE);
        Bounds memory b = _bounds;
        if (r.maxDepth == 0 || r.maxDepth > b.maxDepth) revert CreditPassingRulesOutOfBounds();
        if (r.maxTermDays == 0 || r.maxTermDays > b.maxTermDays) revert CreditPassingRulesOutOfBounds();
        if (r.minSplit < b.minSplitFloor) revert CreditPassingRulesOutOfBounds();
        if (b.invoicesMandatory && !r.invoicesRequired) revert CreditPassingRulesOutOfBounds();
        if (b.coverageMandatory && !r.issuanceCoveredByCredit) revert CreditPassingRulesOutOfBounds();
        _rules[msg.sender] = r;
        emit RulesChanged(msg.sender, r);
    }

    /// @inheritdoc ICreditPassingRules
    function setWhitelisted(address[] calldata suppliers, bool listed) external {
        _participants.requireActive(msg.sender, Roles.CORE_ENTERPRISE);
        for (uint256 i; i < suppliers.length; ++i) {
            _whitelist[msg.sender][suppliers[i]] = listed;
            emit SupplierWhitelistChanged(msg.sender, suppliers[i], listed);
        }
    }

    /// @inheritdoc ICreditPassingRules
    function setEligibleBanks(address[] calldata banks, bool eligible) external {
        _participants.requireActive(msg.sender, Roles.CORE_ENTERPRISE);
        for (uint256 i; i < banks.length; ++i) {
            _eligibleBanks[msg.sender][banks[i]] = eligible;
            emit BankEligibilityChanged(msg.sender, banks[i], eligible);
        }
    }

    /// @inheritdoc ICreditPassingRules
    function bounds() external view returns (Bounds memory) {
        return _bounds;
    }

    /// @inheritdoc ICreditPassingRules
    function rulesOf(address core) public view returns (Rules memory r) {
        // Every voucher write reads the rules: one storage read for the bounds and one for the program, where
        // copying the structs field by field would read each slot once per field.
        uint256 b = _word(_boundsSlot());
        uint256 w = _word(_rulesSlot(core));
        if (uint8(w) == 0) {
            r = Rules({
                maxDepth: DEFAULT_MAX_DEPTH,
                maxTermDays: DEFAULT_TERM_DAYS,
                minSplit: 1,
                invoicesRequired: true,
                whitelistOnly: false,
                banksRestricted: false,
                issuanceCoveredByCredit: true
            });
        } else {
            // Rules pack from the low byte up: maxDepth, maxTermDays, minSplit, then one byte per flag.
            r = Rules({
                maxDepth: uint8(w),
                maxTermDays: uint16(w >> 8),
                minSplit: uint64(w >> 24),
                invoicesRequired: uint8(w >> 88) != 0,
                whitelistOnly: uint8(w >> 96) != 0,
                banksRestricted: uint8(w >> 104) != 0,
                issuanceCoveredByCredit: uint8(w >> 112) != 0
            });
        }
        // Bounds may have tightened since the program chose its rules. They pack like the rules' first fields,
        // then invoicesMandatory and coverageMandatory.
        if (r.maxDepth > uint8(b)) r.maxDepth = uint8(b);
        if (r.maxTermDays > uint16(b >> 8)) r.maxTermDays = uint16(b >> 8);
        if (r.minSplit < uint64(b >> 24)) r.minSplit = uint64(b >> 24);
        if (uint8(b >> 88) != 0) r.invoicesRequired = true;
        if (uint8(b >> 96) != 0) r.issuanceCoveredByCredit = true;
    }

    /// @inheritdoc ICreditPassingRules
    function mayReceive(address core, address supplier) external view returns (bool) {
        // No bound touches the whitelist flag, and default rules leave it off: the program's word alone says.
        return uint8(_word(_rulesSlot(core)) >> 96) == 0 || _whitelist[core][supplier];
    }

    /// @inheritdoc ICreditPassingRules
    function mayFinance(address core, address bank) external view returns (bool) {
        // No bound touches the bank restriction, and default rules leave it off: the program's word alone says.
        return uint8(_word(_rulesSlot(core)) >> 104) == 0 || _eligibleBanks[core][bank];
    }

    function _boundsSlot() private pure returns (uint256 slot) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            slot := _bounds.slot
        }
    }

    function _rulesSlot(address core) private view returns (uint256 slot) {
        Rules storage r = _rules[core];
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            slot := r.slot
        }
    }

    function _word(uint256 slot) private view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(slot)
        }
    }
}
