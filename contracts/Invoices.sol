// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IInvoices} from "./interfaces/IInvoices.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title Invoices
contract Invoices is IInvoices {
    IParticipants private immutable _participants;
    address private immutable _vouchers;

    mapping(bytes32 key => Invoice) private _invoices;

    constructor(IParticipants participants, address vouchers) {
        _participants = participants;
        _vouchers = vouchers;
    }

    /// @inheritdoc IInvoices
    function register(bytes32 key, address buyer, uint64 amount, bytes32 commitment) external {
        _participants.requireActive(msg.sender, Roles.SUPPLIER);
        _participants.requireActive(buyer, 0);
        if (key == bytes32(0) || amount == 0 || buyer == msg.sender) revert InvoicesInvalid();
        Invoice storage inv = _invoices[key];
        if (inv.seller != address(0)) revert InvoicesAlreadyRegistered(key);
        inv.seller = msg.sender;
        inv.amount = amount;
        inv.buyer = buyer;
        inv.commitment = commitment;
        emit InvoiceRegistered(key, msg.sender, buyer, amount, commitment);
    }

    /// @inheritdoc IInvoices
    function confirm(bytes32 key) external {
        Invoice storage inv = _existing(key);
        if (inv.buyer != msg.sender) revert InvoicesNotBuyer(key, msg.sender);
        _participants.requireActive(msg.sender, 0);
        if (inv.confirmed) revert InvoicesAlreadyConfirmed(key);
        inv.confirmed = true;
        emit InvoiceConfirmed(key, msg.sender);
    }

    /// @inheritdoc IInvoices
    function consume(bytes32[] calldata keys, address seller, address buyer, uint64 amount, uint256 voucherId)
        external
    {
        if (msg.sender != _vouchers) revert InvoicesUnauthorized(msg.sender);
        uint64 remaining = amount;
        // Bounded by the caller: the voucher ledger caps the number of keys per operation.
        for (uint256 i; i < keys.length; ++i) {
            bytes32 key = keys[i];
            Invoice storage inv = _invoices[key];
            // One read per slot, where reading the fields one by one would read each slot once per field. The
            // first slot packs seller, amount and confirmed from the low bytes up; the second buyer and used.
            uint256 sale;
            uint256 use;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sale := sload(inv.slot)
                use := sload(add(inv.slot, 1))
            }
            address invSeller = address(uint160(sale));
            address invBuyer = address(uint160(use));
            if (invSeller == address(0)) revert InvoicesNotFound(key);
            if (uint8(sale >> 224) == 0) revert InvoicesNotConfirmed(key);
            if (invSeller != seller || invBuyer != buyer) revert InvoicesPartyMismatch(key, invSeller, invBuyer);
            uint64 used = uint64(use >> 160);
            uint64 free = uint64(sale >> 160) - used;
            uint64 take = free < remaining ? free : remaining;
            if (take == 0) revert InvoicesExhausted(key);
            used += take;
            inv.used = used;
            remaining -= take;
            emit InvoiceUsed(key, voucherId, take, used);
        }
        if (remaining != 0) revert InvoicesInsufficient(amount - remaining, amount);
    }

    /// @inheritdoc IInvoices
    function invoice(bytes32 key) external view returns (Invoice memory) {
        return _invoices[key];
    }

    function _existing(bytes32 key) private view returns (Invoice storage inv) {
        inv = _invoices[key];
        if (inv.seller == address(0)) revert InvoicesNotFound(key);
    }
}
