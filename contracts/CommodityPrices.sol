// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICommodityPrices} from "./interfaces/ICommodityPrices.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";
import {Discount} from "./libraries/Discount.sol";

/// @title CommodityPrices
contract CommodityPrices is ICommodityPrices {
    IParticipants private immutable _participants;

    mapping(address account => bool) private _publishers;
    mapping(bytes16 commodity => mapping(uint256 day => Price)) private _prices;

    constructor(IParticipants participants) {
        _participants = participants;
    }

    /// @inheritdoc ICommodityPrices
    function appointPublisher(address publisher) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        _participants.requireActive(publisher, 0);
        _setPublisher(publisher, true);
    }

    /// @inheritdoc ICommodityPrices
    function dismissPublisher(address publisher) external {
        _participants.requireActive(msg.sender, Roles.OPERATOR);
        _setPublisher(publisher, false);
    }

    /// @inheritdoc ICommodityPrices
    function post(bytes16 commodity, uint128 fenPerTonne) external {
        if (!_publishers[msg.sender]) revert CommodityPricesNotPublisher(msg.sender);
        // An appointed publisher that is suspended or frozen posts nothing meanwhile.
        _participants.requireActive(msg.sender, 0);
        if (commodity == 0 || fenPerTonne == 0) revert CommodityPricesInvalidPrice(commodity, fenPerTonne);
        uint256 day = Discount.cstDay(block.timestamp);
        Price storage p = _prices[commodity][day];
        if (p.postedAt != 0) revert CommodityPricesAlreadyPosted(commodity, day);
        _prices[commodity][day] = Price(fenPerTonne, uint40(block.timestamp), msg.sender);
        emit PricePosted(commodity, day, fenPerTonne, msg.sender);
    }

    /// @inheritdoc ICommodityPrices
    function isPublisher(address account) external view returns (bool) {
        return _publishers[account];
    }

    /// @inheritdoc ICommodityPrices
    function priceOn(bytes16 commodity, uint256 day) external view returns (Price memory) {
        return _prices[commodity][day];
    }

    /// @inheritdoc ICommodityPrices
    function today(bytes16 commodity) external view returns (uint128 fenPerTonne) {
        uint256 day = Discount.cstDay(block.timestamp);
        fenPerTonne = _prices[commodity][day].fenPerTonne;
        if (fenPerTonne == 0) revert CommodityPricesNoPrice(commodity, day);
    }

    function _setPublisher(address publisher, bool appointed) private {
        if (_publishers[publisher] == appointed) revert CommodityPricesPublisherUnchanged(publisher);
        _publishers[publisher] = appointed;
        emit PublisherChanged(publisher, appointed);
    }
}
