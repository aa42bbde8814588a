// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Credit lines (授信)
/// @notice A bank grants a core enterprise a limit in fen until an expiry. Financing a voucher owed by
/// that core enterprise uses the line; redeeming the financed voucher at maturity releases it.
/// Invariant: `used <= limit` for every line.
interface ICreditLines {
    struct CreditLine {
        uint64 limit;
        uint64 used;
        uint40 expiry;
        bool open;
    }

    /// @notice Emitted when `bank` opens a line to `core`.
    event CreditLineGranted(address indexed bank, address indexed core, uint64 limit, uint40 expiry);
    /// @notice Emitted when `bank` changes the limit or expiry of its open line to `core`.
    event CreditLineAmended(address indexed bank, address indexed core, uint64 limit, uint40 expiry);
    /// @notice Emitted when a line closes: by its bank, or by anyone once expired.
    event CreditLineClosed(address indexed bank, address indexed core, address closedBy);
    /// @notice Emitted when financing uses `amount` of a line; `used` is the new total.
    event CreditLineUsed(address indexed bank, address indexed core, uint64 amount, uint64 used);
    /// @notice Emitted when redemption releases `amount` of a line; `used` is the new total.
    event CreditLineReleased(address indexed bank, address indexed core, uint64 amount, uint64 used);

    /// @notice Thrown when a line is granted while one is already open between the same parties.
    error CreditLinesAlreadyOpen(address bank, address core);
    /// @notice Thrown when no open line exists between `bank` and `core`.
    error CreditLinesNotFound(address bank, address core);
    /// @notice Thrown when financing against a line whose expiry has passed.
    error CreditLinesExpired(address bank, address core, uint40 expiry);
    /// @notice Thrown when closing by a third party before the line has expired.
    error CreditLinesNotExpired(address bank, address core, uint40 expiry);
    /// @notice Thrown when financing `requested` exceeds what is left of the limit.
    error CreditLinesExceeded(address bank, address core, uint64 available, uint64 requested);
    /// @notice Thrown when a new limit is zero or below what is already used.
    error CreditLinesLimitBelowUsed(uint64 limit, uint64 used);
    /// @notice Thrown when an expiry is not in the future.
    error CreditLinesExpiryInPast(uint40 expiry);
    /// @notice Thrown when the caller is not the ledger module allowed to use or release lines.
    error CreditLinesUnauthorized(address caller);

    /// @notice Opens a line from the caller (an active bank) to `core` (an active core enterprise).
    function grant(address core, uint64 limit, uint40 expiry) external;

    /// @notice Changes the limit (never below `used`) and expiry of the caller's open line to `core`.
    function amend(address core, uint64 limit, uint40 expiry) external;

    /// @notice Closes the caller's line to `core`. Outstanding use stays and is released at redemption.
    function close(address core) external;

    /// @notice Closes an expired line, so that it no longer counts towards issuance cover. Anyone.
    function closeExpired(address bank, address core) external;

    /// @notice Uses `amount` of `bank`'s line to `core`. Financing module only.
    function use(address bank, address core, uint64 amount) external;

    /// @notice Releases `amount` of `bank`'s line to `core`. Settlement module only.
    function release(address bank, address core, uint64 amount) external;

    /// @notice The line from `bank` to `core`.
    function creditLine(address bank, address core) external view returns (CreditLine memory);

    /// @notice Reverts as `use` would if `bank` financed `amount` for `core` now.
    function requireAvailable(address bank, address core, uint64 amount) external view;

    /// @notice What `bank` can still finance for `core` now: zero if closed or expired.
    function available(address bank, address core) external view returns (uint64);

    /// @notice The sum of the limits of `core`'s open lines: the cover for its issuance.
    function openLimitOf(address core) external view returns (uint256);
}
