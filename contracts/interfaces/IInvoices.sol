// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Invoices: the anti-double-financing core.
/// @notice An invoice is keyed by keccak256 of its canonical identity: `"VAT:" || code || ":" || number`
/// for a VAT invoice, `"EI:" || number` for a 20-digit 全电发票, each part trimmed and ASCII digits only.
/// The record holds a salted commitment to the full details (kept off chain), the parties, the amount and
/// how much of it already backs vouchers. A key is registered once, ever; its use never exceeds its amount.
interface IInvoices {
    struct Invoice {
        address seller;
        uint64 amount;
        bool confirmed;
        address buyer;
        uint64 used;
        bytes32 commitment;
    }

    /// @notice Emitted when `seller` registers invoice `key` to `buyer`.
    event InvoiceRegistered(
        bytes32 indexed key, address indexed seller, address indexed buyer, uint64 amount, bytes32 commitment
    );
    /// @notice Emitted when the buyer confirms invoice `key`.
    event InvoiceConfirmed(bytes32 indexed key, address indexed buyer);
    /// @notice Emitted when `amount` of invoice `key` comes to back voucher `voucherId`; `used` is the new total.
    event InvoiceUsed(bytes32 indexed key, uint256 indexed voucherId, uint64 amount, uint64 used);

    /// @notice Thrown when a key was already registered, by anyone.
    error InvoicesAlreadyRegistered(bytes32 key);
    /// @notice Thrown when a key was never registered.
    error InvoicesNotFound(bytes32 key);
    /// @notice Thrown when the buyer confirms twice.
    error InvoicesAlreadyConfirmed(bytes32 key);
    /// @notice Thrown when someone other than the buyer confirms.
    error InvoicesNotBuyer(bytes32 key, address caller);
    /// @notice Thrown when an unconfirmed invoice is offered as backing.
    error InvoicesNotConfirmed(bytes32 key);
    /// @notice Thrown when an invoice between other parties is offered as backing.
    error InvoicesPartyMismatch(bytes32 key, address seller, address buyer);
    /// @notice Thrown when an offered invoice has nothing left to give: fully used, or listed twice.
    error InvoicesExhausted(bytes32 key);
    /// @notice Thrown when the offered invoices together cover less than `requested`.
    error InvoicesInsufficient(uint64 covered, uint64 requested);
    /// @notice Thrown on a zero amount, a zero key or the seller as buyer.
    error InvoicesInvalid();
    /// @notice Thrown when the caller is not the voucher ledger.
    error InvoicesUnauthorized(address caller);

    /// @notice Registers invoice `key` from the caller (an active supplier) to `buyer`.
    function register(bytes32 key, address buyer, uint64 amount, bytes32 commitment) external;

    /// @notice Confirms invoice `key`. Its buyer only, while active.
    function confirm(bytes32 key) external;

    /// @notice Uses `amount` of the invoices `keys`, in order, as backing for `voucherId`: each must be confirmed,
    /// from `seller` to `buyer`, and give something; together they must cover `amount`. Voucher ledger only.
    function consume(bytes32[] calldata keys, uint32 seller, uint32 buyer, uint64 amount, uint256 voucherId)
        external;

    /// @notice The record of invoice `key`.
    function invoice(bytes32 key) external view returns (Invoice memory);
}
