// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title SettlementCash
contract SettlementCash is ERC20, ISettlementCash {
    IParticipants private immutable _participants;
    address private immutable _financing;
    address private immutable _settlement;
    address private _settlementBank;
    mapping(bytes32 ref => bool) private _depositRefs;
    mapping(bytes32 ref => bool) private _withdrawalRefs;

    constructor(IParticipants participants, address financing, address settlement)
        ERC20("Settlement Cash CNY", "CNYS")
    {
        _participants = participants;
        _financing = financing;
        _settlement = settlement;
    }

    /// @dev One unit is one fen.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ISettlementCash
    function designateSettlementBank(address bank) external {
        _participants.requireActive(msg.sender, Roles.REGULATOR);
        _participants.requireActive(bank, Roles.BANK);
        if (bank == _settlementBank) revert SettlementCashBankUnchanged(bank);
        _settlementBank = bank;
        emit SettlementBankDesignated(bank);
    }

    /// @inheritdoc ISettlementCash
    function mint(address to, uint256 amount, bytes32 ref) external {
        _requireSettlementBank();
        if (amount == 0) revert SettlementCashZeroAmount();
        if (_depositRefs[ref]) revert SettlementCashReferenceUsed(ref);
        _depositRefs[ref] = true;
        _mint(to, amount);
        emit CashMinted(msg.sender, to, amount, ref);
    }

    /// @inheritdoc ISettlementCash
    function burn(address from, uint256 amount, bytes32 ref) external {
        _requireSettlementBank();
        if (amount == 0) revert SettlementCashZeroAmount();
        if (_withdrawalRefs[ref]) revert SettlementCashReferenceUsed(ref);
        _withdrawalRefs[ref] = true;
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        emit CashBurned(msg.sender, from, amount, ref);
    }

    /// @inheritdoc ISettlementCash
    function settlementBank() external view returns (address) {
        return _settlementBank;
    }

    /// @inheritdoc ISettlementCash
    function referenceUsed(bytes32 ref) external view returns (bool deposit, bool withdrawal) {
        return (_depositRefs[ref], _withdrawalRefs[ref]);
    }

    /// @inheritdoc ISettlementCash
    function settle(address from, address to, uint256 amount) external {
        if (!_isModule(msg.sender)) revert SettlementCashUnauthorized(msg.sender);
        // The module has already checked both parties; skip the per-transfer participant look-ups.
        ERC20._update(from, to, amount);
    }

    /// @dev Every movement outside `settle` needs both sides active, so that nothing reaches the modules'
    /// addresses (where only `settle` could move it) and a frozen holder's cash stays where it is.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) _participants.requireActive(from, 0);
        if (to != address(0)) _participants.requireActive(to, 0);
        super._update(from, to, value);
    }

    /// @dev Still an active bank, so that a frozen or suspended settlement bank creates and destroys nothing.
    function _requireSettlementBank() private view {
        _participants.requireActive(msg.sender, Roles.BANK);
        if (msg.sender != _settlementBank) revert SettlementCashNotSettlementBank(msg.sender);
    }

    function _isModule(address account) private view returns (bool) {
        return account == _financing || account == _settlement;
    }
}
