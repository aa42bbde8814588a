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
        Bounds memory b = _bounds;
        r = _rules[core];
        if (r.maxDepth == 0) {
            r = Rules({
                maxDepth: DEFAULT_MAX_DEPTH,
                maxTermDays: DEFAULT_TERM_DAYS,
                minSplit: 1,
                invoicesRequired: true,
                whitelistOnly: false,
                banksRestricted: false,
                issuanceCoveredByCredit: true
            });
        }
        // Bounds may have tightened since the program chose its rules.
        if (r.maxDepth > b.maxDepth) r.maxDepth = b.maxDepth;
        if (r.maxTermDays > b.maxTermDays) r.maxTermDays = b.maxTermDays;
        if (r.minSplit < b.minSplitFloor) r.minSplit = b.minSplitFloor;
        if (b.invoicesMandatory) r.invoicesRequired = true;
        if (b.coverageMandatory) r.issuanceCoveredByCredit = true;
    }

    /// @inheritdoc ICreditPassingRules
    function mayReceive(address core, address supplier) external view returns (bool) {
        return !rulesOf(core).whitelistOnly || _whitelist[core][supplier];
    }

    /// @inheritdoc ICreditPassingRules
    function mayFinance(address core, address bank) external view returns (bool) {
        return !rulesOf(core).banksRestricted || _eligibleBanks[core][bank];
    }
}
