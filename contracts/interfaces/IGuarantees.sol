// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Guarantees (担保): a guarantor backs a bank's claim, a financed voucher or a pledge loan, up to an amount.
/// @notice The guarantee is the guarantor's own act, naming the bank it benefits and an expiry; one guarantee stands
/// behind a claim at a time. On default (a pledge loan declared in default or still owed `graceDays` past its
/// maturity; a financed voucher whose slot is overdue) the bank calls it, once, before the expiry: the guarantor pays
/// the bank in settlement cash, through its allowance to this contract, the smaller of the guaranteed amount and the
/// claim outstanding, and takes the claim over to that extent. The recourse is recorded: who owes the guarantor
/// (the voucher's debtor, the loan's borrower) and how much, and what anyone has paid back on it since. The bank keeps
/// the claim itself on the ledger (the voucher piece, the loan), so once the claim is paid to the bank in full
/// (voucher redeemed, loan repaid), the guarantor reclaims from the bank what it paid and was not yet repaid. A guarantee
/// not called is released once its claim is paid (voucher redeemed; loan repaid, cancelled or enforced), or by its
/// bank at any time, and lapses at its expiry.
interface IGuarantees {
    enum Kind {
        VoucherFinancing,
        PledgeLoan
    }

    enum Status {
        None,
        Active,
        Called,
        Released,
        Expired
    }

    struct Guarantee {
        address guarantor;
        uint40 expiry;
        Kind kind;
        Status status;
        address bank;
        uint64 subject;
        uint128 amount;
        uint128 paid;
        /// Who owes the guarantor once it has paid: the voucher's debtor or the loan's borrower.
        address obligor;
        uint128 recovered;
    }

    /// @notice Emitted when `guarantor` backs `bank`'s claim `subject` of `kind` for up to `amount` until `expiry`.
    event GuaranteeIssued(
        uint256 indexed id,
        address indexed guarantor,
        address indexed bank,
        Kind kind,
        uint256 subject,
        uint128 amount,
        uint40 expiry
    );
    /// @notice Emitted when the bank calls the guarantee: of the `claim` outstanding, the guarantor paid `paid`.
    event GuaranteeCalled(uint256 indexed id, address indexed bank, address indexed guarantor, uint256 claim, uint128 paid);
    /// @notice Emitted with the call: `guarantor` now holds a claim of `amount` on `obligor` (subrogation).
    event RecourseRecorded(uint256 indexed id, address indexed guarantor, address indexed obligor, uint128 amount);
    /// @notice Emitted when `payer` pays the guarantor `amount` on the recourse claim; `left` is still owed.
    event RecourseRecovered(uint256 indexed id, address indexed payer, uint128 amount, uint128 left);
    /// @notice Emitted when a guarantee is released, by its bank or because its claim was paid.
    event GuaranteeReleased(uint256 indexed id, address by);
    /// @notice Emitted when an uncalled guarantee lapses at its expiry.
    event GuaranteeExpired(uint256 indexed id);

    /// @notice Thrown when the claim is not one the bank holds: a voucher that is not the bank's financed, unredeemed
    /// piece; a loan not the bank's, or neither requested nor active.
    error GuaranteesInvalidSubject(Kind kind, uint256 subject);
    /// @notice Thrown when the claim already has a guarantee in force or called.
    error GuaranteesAlreadyGuaranteed(Kind kind, uint256 subject, uint256 id);
    /// @notice Thrown when an amount is zero, or a recovery above what is still owed to the guarantor.
    error GuaranteesInvalidAmount(uint128 amount, uint128 limit);
    /// @notice Thrown when the expiry is not in the future.
    error GuaranteesInvalidExpiry(uint40 expiry);
    /// @notice Thrown when the guarantor would guarantee a claim to itself.
    error GuaranteesSelfGuarantee(address guarantor);
    /// @notice Thrown when the guarantee is not in a status that allows the action.
    error GuaranteesInvalidStatus(uint256 id, Status status);
    /// @notice Thrown when someone other than the guarantee's bank calls it.
    error GuaranteesNotBank(uint256 id, address caller);
    /// @notice Thrown when calling a guarantee past its expiry.
    error GuaranteesExpired(uint256 id, uint40 expiry);
    /// @notice Thrown when expiring a guarantee before its expiry has passed.
    error GuaranteesNotExpired(uint256 id, uint40 expiry);
    /// @notice Thrown when calling while the claim is not in default.
    error GuaranteesNoDefault(uint256 id);
    /// @notice Thrown when someone other than the bank releases a guarantee whose claim is still owed.
    error GuaranteesNotReleasable(uint256 id);
    /// @notice Thrown when reclaiming from the bank before the claim has been paid to it in full.
    error GuaranteesClaimOutstanding(uint256 id);

    /// @notice The caller, an active guarantor, backs `bank`'s claim `subject` (a financed voucher piece the bank holds,
    /// or a pledge loan of the bank, requested or active) for up to `amount` fen until `expiry`.
    function issue(Kind kind, uint256 subject, address bank, uint128 amount, uint40 expiry) external returns (uint256 id);

    /// @notice The guarantee's bank, active, calls it (a demand) on default before its expiry: the guarantor pays the bank
    /// min(amount, claim outstanding) and takes the claim over to that extent. Needs the guarantor's allowance.
    function demand(uint256 id) external returns (uint128 paid);

    /// @notice The caller pays `amount` of what the guarantor is still owed on a called guarantee, from its own
    /// settlement cash (with its allowance to this contract): the obligor, or the bank passing on a later recovery.
    function recover(uint256 id, uint128 amount) external;

    /// @notice Anyone moves to the guarantor, from the bank's settlement cash (with the bank's allowance to this
    /// contract), what the guarantor paid on a called guarantee and was not repaid, once the bank has been paid the
    /// claim in full: the voucher redeemed, the loan repaid. Returns the amount.
    function reclaim(uint256 id) external returns (uint128 amount);

    /// @notice Releases an uncalled guarantee: its bank at any time; anyone once the claim is paid.
    function release(uint256 id) external;

    /// @notice Anyone lapses an uncalled guarantee past its expiry.
    function expire(uint256 id) external;

    /// @notice The guarantee's record.
    function guarantee(uint256 id) external view returns (Guarantee memory);

    /// @notice The guarantee in force or called behind claim `subject` of `kind`, 0 when none.
    function guaranteeOf(Kind kind, uint256 subject) external view returns (uint256 id);

    /// @notice The id of the newest guarantee.
    function lastId() external view returns (uint256);
}
