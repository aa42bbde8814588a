// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Bill-discount arithmetic as Chinese banks practise it, in fen, with no rounding drift:
/// interest = amount × rateBps × days / (10000 × 360), rounded half up to the fen; days are whole calendar
/// days in China Standard Time (UTC+8) from the financing day, which counts, to the maturity day, which doesn't.
library Discount {
    uint256 private constant CST_OFFSET = 8 hours;
    uint256 private constant YEAR_BASIS = 10_000 * 360;

    /// @notice The CST calendar day of `timestamp`, counted from 1970-01-01 CST.
    function cstDay(uint256 timestamp) internal pure returns (uint256) {
        return (timestamp + CST_OFFSET) / 1 days;
    }

    /// @notice Whether `timestamp` is 00:00 in China Standard Time: maturities fall on day boundaries.
    function isCstMidnight(uint256 timestamp) internal pure returns (bool) {
        return (timestamp + CST_OFFSET) % 1 days == 0;
    }

    /// @notice Whole CST days from the day of `start` (counted) to the day of `maturity` (not counted).
    function daysBetween(uint256 start, uint256 maturity) internal pure returns (uint256) {
        uint256 a = cstDay(start);
        uint256 b = cstDay(maturity);
        return b > a ? b - a : 0;
    }

    /// @notice Discount interest in fen, rounded half up.
    function interest(uint256 amount, uint256 rateBps, uint256 days_) internal pure returns (uint256) {
        return (amount * rateBps * days_ + YEAR_BASIS / 2) / YEAR_BASIS;
    }

    /// @notice A flat fee of `feeBps` basis points of `amount`, rounded half up.
    function fee(uint256 amount, uint256 feeBps) internal pure returns (uint256) {
        return (amount * feeBps + 5_000) / 10_000;
    }
}
