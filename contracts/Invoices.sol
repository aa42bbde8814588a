// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IInvoices} from "./interfaces/IInvoices.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";
import {Standing} from "./libraries/Standing.sol";

/// @title Invoices
contract Invoices is IInvoices {
    IParticipants private immutable _participants;
    address private immutable _vouchers;

    /// @dev An invoice as stored: the parties as participant indices, so that everything a voucher's issue or
    /// transfer checks and updates (parties, amount, used, confirmation) is one storage slot; the commitment,
    /// which no voucher write reads, has the second.
    struct Record {
        uint32 seller;
        uint32 buyer;
        uint64 amount;
        uint64 used;
        bool confirmed;
        bytes32 commitment;
    }

    mapping(bytes32 key => Record) private _invoices;

    constructor(IParticipants participants, address vouchers) {
        _participants = participants;
        _vouchers = vouchers;
    }

    /// @inheritdoc IInvoices
    function register(bytes32 key, address buyer, uint64 amount, bytes32 commitment) external {
        (uint256 seller, uint256 payer) = _participants.standingPair(msg.sender, buyer);
        Standing.requireActive(seller, msg.sender, Roles.SUPPLIER);
        Standing.requireActive(payer, buyer, 0);
        if (key == bytes32(0) || amount == 0 || buyer == msg.sender) revert InvoicesInvalid();
        Record storage inv = _invoices[key];
        if (inv.seller != 0) revert InvoicesAlreadyRegistered(key);
        inv.seller = Standing.index(seller);
        inv.buyer = Standing.index(payer);
        inv.amount = amount;
        inv.commitment = commitment;
        emit InvoiceRegistered(key, msg.sender, buyer, amount, commitment);
    }

    /// @inheritdoc IInvoices
    function confirm(bytes32 key) external {
        Record storage inv = _existing(key);
        // Indices and accounts map one to one: comparing the caller's index is comparing the caller.
        uint256 caller = _participants.standing(msg.sender);
        if (inv.buyer != Standing.index(caller)) revert InvoicesNotBuyer(key, msg.sender);
        Standing.requireActive(caller, msg.sender, 0);
        if (inv.confirmed) revert InvoicesAlreadyConfirmed(key);
        inv.confirmed = true;
        emit InvoiceConfirmed(key, msg.sender);
    }

    /// @inheritdoc IInvoices
    function consume(bytes32[] calldata keys, uint32 seller, uint32 buyer, uint64 amount, uint256 voucherId)
        external
    {
        if (msg.sender != _vouchers) revert InvoicesUnauthorized(msg.sender);
        uint64 remaining = amount;
        // Bounded by the caller: the voucher ledger caps the number of keys per operation.
        for (uint256 i; i < keys.length; ++i) {
            bytes32 key = keys[i];
            Record storage inv = _invoices[key];
            // One read of the first slot, where reading the fields one by one would read it once per field. It
            // packs seller, buyer, amount, used and confirmed from the low bytes up.
            uint256 word;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                word := sload(inv.slot)
            }
            if (uint32(word) == 0) revert InvoicesNotFound(key);
            if (uint8(word >> 192) == 0) revert InvoicesNotConfirmed(key);
            if (uint32(word) != seller || uint32(word >> 32) != buyer) _mismatch(key, word);
            uint64 used = uint64(word >> 128);
            uint64 free = uint64(word >> 64) - used;
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
        Record storage inv = _invoices[key];
        // Index zero names no one: an invoice never registered reads as zeros, as it always has.
        (address seller,) = _participants.accountAt(inv.seller);
        (address buyer,) = _participants.accountAt(inv.buyer);
        return Invoice(seller, inv.amount, inv.confirmed, buyer, inv.used, inv.commitment);
    }

    /// @dev The error names the invoice's parties by account, as it always has: only a refused write pays to
    /// look them up.
    function _mismatch(bytes32 key, uint256 word) private view {
        (address seller,) = _participants.accountAt(uint32(word));
        (address buyer,) = _participants.accountAt(uint32(word >> 32));
        revert InvoicesPartyMismatch(key, seller, buyer);
    }

    function _existing(bytes32 key) private view returns (Record storage inv) {
        inv = _invoices[key];
        if (inv.seller == 0) revert InvoicesNotFound(key);
    }
}
