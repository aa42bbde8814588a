// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Commodity prices: each commodity's price of the day, on the ledger with its time.
/// @notice The operator appoints price publishers (an appointment, like the settlement bank's, not a kind of
/// organisation). A publisher posts a commodity's price once per China Standard Time day, in fen per tonne
/// (1,000,000 grams): per tonne because exchanges quote so, and because per gram most prices are fractions of
/// a fen. A day's price is never rewritten, so a pledge valued on it can always be checked afterwards.
interface ICommodityPrices {
    struct Price {
        uint128 fenPerTonne;
        uint40 postedAt;
        address publisher;
    }

    /// @notice Emitted when the operator appoints (`appointed` true) or dismisses `publisher`.
    event PublisherChanged(address indexed publisher, bool appointed);
    /// @notice Emitted when `publisher` posts `commodity`'s price for CST day `day` (days since 1970-01-01 CST).
    event PricePosted(bytes16 indexed commodity, uint256 indexed day, uint128 fenPerTonne, address publisher);

    /// @notice Thrown when the caller is not an appointed price publisher.
    error CommodityPricesNotPublisher(address caller);
    /// @notice Thrown when an appointment or dismissal would change nothing.
    error CommodityPricesPublisherUnchanged(address publisher);
    /// @notice Thrown when the commodity's price for today was already posted.
    error CommodityPricesAlreadyPosted(bytes16 commodity, uint256 day);
    /// @notice Thrown when a price is zero or the commodity code empty.
    error CommodityPricesInvalidPrice(bytes16 commodity, uint128 fenPerTonne);
    /// @notice Thrown when no price was posted for the commodity on the day asked.
    error CommodityPricesNoPrice(bytes16 commodity, uint256 day);

    /// @notice Appoints `publisher`, an active participant. Operator only.
    function appointPublisher(address publisher) external;

    /// @notice Dismisses `publisher`: it posts no more. Operator only.
    function dismissPublisher(address publisher) external;

    /// @notice Posts `commodity`'s price for today (CST). An appointed, active publisher only; once a day.
    function post(bytes16 commodity, uint128 fenPerTonne) external;

    /// @notice Whether `account` is an appointed publisher.
    function isPublisher(address account) external view returns (bool);

    /// @notice `commodity`'s price for CST day `day`, with its time and publisher (all zero when none).
    function priceOn(bytes16 commodity, uint256 day) external view returns (Price memory);

    /// @notice `commodity`'s price for today (CST); reverts when none was posted today.
    function today(bytes16 commodity) external view returns (uint128 fenPerTonne);
}
