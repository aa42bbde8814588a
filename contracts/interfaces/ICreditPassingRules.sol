// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Credit-passing rules (信用传递规则)
/// @notice One set of rules per core enterprise, always read through the platform bounds that only the
/// operator sets, so that tightening a bound tightens every program at once.
interface ICreditPassingRules {
    /// @notice The rules a core enterprise chose for vouchers it owes.
    struct Rules {
        /// Deepest tier a voucher may reach; the tier-1 supplier holds depth 1.
        uint8 maxDepth;
        /// Longest term from issue to maturity, in days. It binds at issue: tightening it later does not strand
        /// vouchers already passed down the chain.
        uint16 maxTermDays;
        /// Smallest piece, in fen, that a split, transfer or financing may create or leave behind.
        uint64 minSplit;
        /// Issue and transfer must be backed by confirmed invoices covering the amount.
        bool invoicesRequired;
        /// Only whitelisted suppliers may receive this debtor's vouchers.
        bool whitelistOnly;
        /// Only eligible banks may finance this debtor's vouchers.
        bool banksRestricted;
        /// Outstanding issued face value may not exceed the sum of open credit-line limits.
        bool issuanceCoveredByCredit;
    }

    /// @notice The platform's bounds, set by the operator.
    struct Bounds {
        uint8 maxDepth;
        uint16 maxTermDays;
        uint64 minSplitFloor;
        /// When set, no program may switch `invoicesRequired` off.
        bool invoicesMandatory;
        /// When set, no program may switch `issuanceCoveredByCredit` off.
        bool coverageMandatory;
    }

    /// @notice Emitted when the operator sets the platform bounds.
    event BoundsChanged(Bounds bounds);
    /// @notice Emitted when `core` sets its rules.
    event RulesChanged(address indexed core, Rules rules);
    /// @notice Emitted when `core` adds (`listed` true) or removes `supplier` from its whitelist.
    event SupplierWhitelistChanged(address indexed core, address indexed supplier, bool listed);
    /// @notice Emitted when `core` makes `bank` eligible (`eligible` true) or not.
    event BankEligibilityChanged(address indexed core, address indexed bank, bool eligible);

    /// @notice Thrown when bounds exceed the hard limits (depth 1..32, term 1..365 days, min split >= 1 fen).
    error CreditPassingRulesInvalidBounds();
    /// @notice Thrown when rules fall outside the platform bounds.
    error CreditPassingRulesOutOfBounds();

    /// @notice Sets the platform bounds. Operator only.
    function setBounds(Bounds calldata bounds) external;

    /// @notice Sets the caller's rules. Active core enterprises only.
    function setRules(Rules calldata rules) external;

    /// @notice Adds or removes suppliers from the caller's whitelist. Active core enterprises only.
    function setWhitelisted(address[] calldata suppliers, bool listed) external;

    /// @notice Makes banks eligible or not for the caller's vouchers. Active core enterprises only.
    function setEligibleBanks(address[] calldata banks, bool eligible) external;

    /// @notice The platform bounds.
    function bounds() external view returns (Bounds memory);

    /// @notice The rules in force for `core`: its own (or the defaults), clamped to the bounds.
    function rulesOf(address core) external view returns (Rules memory);

    /// @notice The rules of `core`'s program as `rulesOf` gives them, packed into one word (`ProgramRules`), with
    /// `ProgramRules.MAY_RECEIVE` set when `recipient` may receive (as `mayReceive`) and `ProgramRules.MAY_FINANCE`
    /// when `bank` may finance (as `mayFinance`). A zero address is not asked about and leaves its bit clear.
    function rulesWordOf(address core, address recipient, address bank) external view returns (uint256);

    /// @notice Whether `supplier` may receive `core`'s vouchers (always true when the whitelist is off).
    function mayReceive(address core, address supplier) external view returns (bool);

    /// @notice Whether `bank` may finance `core`'s vouchers (always true when banks are not restricted).
    function mayFinance(address core, address bank) external view returns (bool);
}
