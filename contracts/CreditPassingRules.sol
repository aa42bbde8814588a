// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICreditPassingRules} from "./interfaces/ICreditPassingRules.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";
import {ProgramRules} from "./libraries/ProgramRules.sol";

/// @title CreditPassingRules
contract CreditPassingRules is ICreditPassingRules {
    /// @dev Supply-chain e-vouchers run at most six months in principle and never over a year (2025 rule).
    uint16 public constant HARD_MAX_TERM_DAYS = 365;
    uint16 public constant DEFAULT_TERM_DAYS = 180;
    uint8 public constant DEFAULT_MAX_DEPTH = 5;
    uint8 public constant HARD_MAX_DEPTH = 32;

    /// @dev The rules of a program that never set its own, packed as `ProgramRules` reads them: depth 5, 180 days,
    /// a minimum piece of one fen, invoices required and issuance covered by credit.
    uint256 private constant DEFAULT_RULES =
        uint256(DEFAULT_MAX_DEPTH) | (uint256(DEFAULT_TERM_DAYS) << 8) | (uint256(1) << 24) | (uint256(1) << 88)
            | (uint256(1) << 112);
    /// @dev The four flag bytes of a program's word.
    uint256 private constant FLAGS = uint256(0xffffffff) << 88;

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
    function rulesOf(address core) external view returns (Rules memory) {
        uint256 w = _rulesWord(core);
        return Rules({
            maxDepth: ProgramRules.maxDepth(w),
            maxTermDays: ProgramRules.maxTermDays(w),
            minSplit: ProgramRules.minSplit(w),
            invoicesRequired: ProgramRules.invoicesRequired(w),
            whitelistOnly: ProgramRules.whitelistOnly(w),
            banksRestricted: ProgramRules.banksRestricted(w),
            issuanceCoveredByCredit: ProgramRules.issuanceCoveredByCredit(w)
        });
    }

    /// @inheritdoc ICreditPassingRules
    function rulesWordOf(address core, address recipient, address bank) external view returns (uint256 word) {
        word = _rulesWord(core);
        // Each list is read only when the program restricts it and the caller asks: most writes name one party.
        if (
            recipient != address(0)
                && (!ProgramRules.whitelistOnly(word) || _whitelist[core][recipient])
        ) word |= ProgramRules.MAY_RECEIVE;
        if (bank != address(0) && (!ProgramRules.banksRestricted(word) || _eligibleBanks[core][bank])) {
            word |= ProgramRules.MAY_FINANCE;
        }
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

    /// @dev Every voucher write reads the rules: one storage read for the bounds and one for the program, where
    /// copying the structs field by field would read each slot once per field. The word keeps the program's
    /// packing (`ProgramRules`) with the bounds applied.
    function _rulesWord(address core) private view returns (uint256 word) {
        uint256 b = _word(_boundsSlot());
        word = _word(_rulesSlot(core));
        if (uint8(word) == 0) word = DEFAULT_RULES;
        // Bounds may have tightened since the program chose its rules. They pack like the rules' first fields,
        // then invoicesMandatory and coverageMandatory.
        uint256 depth = uint8(word);
        if (depth > uint8(b)) depth = uint8(b);
        uint256 term = uint16(word >> 8);
        if (term > uint16(b >> 8)) term = uint16(b >> 8);
        uint256 minSplit = uint64(word >> 24);
        if (minSplit < uint64(b >> 24)) minSplit = uint64(b >> 24);
        word = (word & FLAGS) | depth | (term << 8) | (minSplit << 24);
        if (uint8(b >> 88) != 0) word = (word & ~(uint256(0xff) << 88)) | (uint256(1) << 88);
        if (uint8(b >> 96) != 0) word = (word & ~(uint256(0xff) << 112)) | (uint256(1) << 112);
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
