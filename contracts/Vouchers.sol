// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IVouchers} from "./interfaces/IVouchers.sol";
import {IERC3525Events} from "./interfaces/IERC3525Events.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {ICreditPassingRules} from "./interfaces/ICreditPassingRules.sol";
import {ICreditLines} from "./interfaces/ICreditLines.sol";
import {IInvoices} from "./interfaces/IInvoices.sol";
import {Roles} from "./libraries/Roles.sol";
import {Standing} from "./libraries/Standing.sol";
import {SlotIds} from "./libraries/SlotIds.sol";
import {Discount} from "./libraries/Discount.sol";
import {ProgramRules} from "./libraries/ProgramRules.sol";

/// @title Vouchers
contract Vouchers is IVouchers, IERC165 {
    uint256 public constant MAX_INVOICES = 16;
    uint256 public constant MAX_PIECES = 16;

    uint8 private constant FINANCED = 1;
    uint8 private constant REDEEMED = 2;

    /// @dev A voucher is one storage word, so that a new piece costs one fresh slot. From the low bits up:
    /// holder (its participant index), value, locked, depth, flags, root id, and a link that is the parent's id
    /// for a piece and, for a root (which has no parent), its slot's index: a piece finds its slot through its
    /// root. The debtor and maturity are shared by every piece of a slot, so they are stored once per slot.
    struct Voucher {
        uint32 owner;
        uint64 value;
        uint64 locked;
        uint8 depth;
        uint8 flags;
        uint40 root;
        uint40 link;
    }

    struct Slot {
        address debtor;
        uint40 maturity;
    }

    /// @dev A slot's account and its index share one storage slot: issuing reads and writes both.
    struct SlotRecord {
        uint64 outstanding;
        uint64 escrowed;
        uint32 index;
    }

    /// @dev Ids are 40 bits wide in a voucher's word: a trillion of them (`_nextId`).
    struct Counters {
        uint40 lastVoucherId;
        uint32 slotCount;
    }

    IParticipants private immutable _participants;
    ICreditPassingRules private immutable _rules;
    IInvoices private immutable _invoices;
    ICreditLines private immutable _creditLines;
    address private immutable _financing;
    address private immutable _settlement;

    Counters private _counters;
    mapping(uint256 id => uint256 word) private _vouchers;
    mapping(uint32 slotIndex => Slot) private _slotByIndex;
    mapping(uint256 slot => SlotRecord) private _slots;
    mapping(address debtor => uint256) private _outstanding;

    modifier onlyModule(address module) {
        if (msg.sender != module) revert VouchersUnauthorized(msg.sender);
        _;
    }

    constructor(
        IParticipants participants,
        ICreditPassingRules rules,
        IInvoices invoices,
        ICreditLines creditLines,
        address financing,
        address settlement
    ) {
        _participants = participants;
        _rules = rules;
        _invoices = invoices;
        _creditLines = creditLines;
        _financing = financing;
        _settlement = settlement;
    }

    // ---------------------------------------------------------------- business functions

    /// @inheritdoc IVouchers
    function issue(address supplier, uint64 amount, uint40 maturity, bytes32[] calldata invoiceKeys)
        external
        returns (uint256 id)
    {
        (uint32 core, uint32 holder) = _requireActivePair(msg.sender, Roles.CORE_ENTERPRISE, supplier, Roles.SUPPLIER);
        uint256 outstanding = _requireIssueRules(supplier, amount, maturity, invoiceKeys.length);

        uint256 slot = SlotIds.from(msg.sender, maturity);
        SlotRecord memory account = _slots[slot];
        // The cover check above is wide; a slot's account is not, and it may run without cover.
        if (uint256(account.outstanding) + amount > type(uint64).max) {
            revert VouchersSlotOverflow(slot, account.outstanding, amount);
        }
        // Slot indices start at 1, so that 0 means "no such slot yet".
        if (account.index == 0) {
            account.index = ++_counters.slotCount;
            _slotByIndex[account.index] = Slot(msg.sender, maturity);
        }
        id = _nextId();
        _vouchers[id] = _fresh(holder, amount, 1, 0, uint40(id), account.index);
        account.outstanding += amount;
        _slots[slot] = account;
        _outstanding[msg.sender] = outstanding;

        _emitMint(0, id, supplier, slot, amount);
        emit VoucherIssued(id, msg.sender, supplier, amount, maturity);

        if (invoiceKeys.length != 0) _invoices.consume(invoiceKeys, holder, core, amount, id);
    }

    /// @inheritdoc IVouchers
    function splitTransfer(uint256 id, address to, uint64 amount, bytes32[] calldata invoiceKeys)
        external
        returns (uint256 newId)
    {
        // The holder check comes before the parties' standing, as it always has: a caller learns first that the
        // voucher is not theirs.
        (uint256 from, uint256 recipient) = _participants.standingPair(msg.sender, to);
        Voucher memory v = _held(id, from);
        Standing.requireActive(from, msg.sender, Roles.SUPPLIER);
        Standing.requireActive(recipient, to, Roles.SUPPLIER);
        if (v.flags & FINANCED != 0) revert VouchersFinanced(id);
        Slot memory root = _liveSlot(id, v);
        uint8 depth = _requireTransferRules(id, v, to, amount, invoiceKeys.length, root.debtor);

        newId = _mintPiece(id, v, Standing.index(recipient), to, amount, depth, 0, SlotIds.from(root.debtor, root.maturity));
        _store(id, v);
        emit VoucherTransferred(id, newId, to, msg.sender, amount, depth);

        if (invoiceKeys.length != 0) _invoices.consume(invoiceKeys, Standing.index(recipient), Standing.index(from), amount, newId);
    }

    /// @inheritdoc IVouchers
    function split(uint256 id, uint64[] calldata amounts) external returns (uint256[] memory ids) {
        uint256 holder = _participants.standing(msg.sender);
        Voucher memory v = _held(id, holder);
        Standing.requireActive(holder, msg.sender, 0);
        uint256 n = amounts.length;
        if (n == 0 || n > MAX_PIECES) revert VouchersTooMany(n, MAX_PIECES);
        Slot memory root = _liveSlot(id, v);
        uint64 minSplit = ProgramRules.minSplit(_rules.rulesWordOf(root.debtor, address(0), address(0)));
        // Summed wide, so that pieces adding up past 2^64 fen are "more than the value", not an overflow.
        uint256 total;
        for (uint256 i; i < n; ++i) {
            _requirePiece(amounts[i], minSplit);
            total += amounts[i];
        }
        // The holder keeps the original as one of its pieces, so something must remain in it.
        _requireCut(id, v, total, minSplit, true);

        uint256 slot = SlotIds.from(root.debtor, root.maturity);
        ids = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            ids[i] = _mintPiece(id, v, v.owner, msg.sender, amounts[i], v.depth, v.flags, slot);
            emit VoucherSplit(id, ids[i], msg.sender, amounts[i]);
        }
        _store(id, v);
    }

    // ---------------------------------------------------------------- module hooks

    /// @inheritdoc IVouchers
    function lock(uint256 id, address holder, uint32 holderIndex, address bank, uint64 amount)
        external
        onlyModule(_financing)
        returns (address debtor, uint40 maturity, bool bankEligible, uint32 slotIndex)
    {
        Voucher memory v = _existing(id);
        if (v.owner != holderIndex) revert VouchersNotHolder(id, holder);
        if (v.flags & FINANCED != 0) revert VouchersFinanced(id);
        slotIndex = _slotIndex(id, v);
        Slot memory root = _slotByIndex[slotIndex];
        if (block.timestamp >= root.maturity) revert VouchersMatured(id);
        // A financing sale creates a piece like any split: the program's minimum applies to it and to the rest.
        // The bank's eligibility comes back with the rules, for Financing to check after its deadline.
        uint256 r = _rules.rulesWordOf(root.debtor, address(0), bank);
        _requirePiece(amount, ProgramRules.minSplit(r));
        _requireCut(id, v, amount, ProgramRules.minSplit(r), false);
        v.locked += amount;
        _store(id, v);
        emit VoucherLocked(id, amount, v.locked);
        return (root.debtor, root.maturity, ProgramRules.mayFinance(r), slotIndex);
    }

    /// @inheritdoc IVouchers
    function unlock(uint256 id, uint64 amount) external onlyModule(_financing) {
        Voucher memory v = _existing(id);
        v.locked -= amount;
        _store(id, v);
        emit VoucherUnlocked(id, amount, v.locked);
    }

    /// @inheritdoc IVouchers
    function deliverFinanced(
        uint256 id,
        uint64 amount,
        address bank,
        uint32 bankIndex,
        address holder,
        uint32 slotIndex
    ) external onlyModule(_financing) returns (uint256 pieceId, address debtor, uint40 maturity) {
        Voucher memory v = _existing(id);
        // lock told Financing the slot's index: a piece need not read its root to find it.
        Slot memory root = _slotByIndex[slotIndex];
        // VoucherFinanced says that the locked amount left: no VoucherUnlocked besides it.
        v.locked -= amount;
        if (amount == v.value) {
            // The whole voucher is sold: hand over the token itself instead of minting a piece. `holder` is the
            // one who locked it, and still holds it: a voucher locked in full cannot move but by this sale.
            v.owner = bankIndex;
            v.flags |= FINANCED;
            pieceId = id;
            emit Transfer(holder, bank, id);
        } else {
            pieceId = _mintPiece(id, v, bankIndex, bank, amount, v.depth, FINANCED, SlotIds.from(root.debtor, root.maturity));
        }
        _store(id, v);
        emit VoucherFinanced(id, pieceId, bank, amount);
        return (pieceId, root.debtor, root.maturity);
    }

    /// @inheritdoc IVouchers
    function recordFunding(uint256 slot, uint64 amount) external onlyModule(_settlement) {
        SlotRecord storage account = _slots[slot];
        account.escrowed += amount;
        emit SlotFunded(slot, amount, account.escrowed);
    }

    /// @inheritdoc IVouchers
    function redeem(uint256 id)
        external
        onlyModule(_settlement)
        returns (address holder, uint64 value, address debtor, bool financed)
    {
        Voucher memory v = _existing(id);
        value = v.value;
        if (value == 0 || v.flags & REDEEMED != 0) revert VouchersNothingToRedeem(id);
        if (v.locked != 0) revert VouchersLocked(id, v.locked);
        Slot memory root = _slotByIndex[_slotIndex(id, v)];
        if (block.timestamp < root.maturity) revert VouchersNotMatured(id, root.maturity);
        uint256 slot = SlotIds.from(root.debtor, root.maturity);
        SlotRecord storage account = _slots[slot];
        if (account.escrowed < account.outstanding) {
            revert VouchersSlotUnfunded(slot, account.outstanding, account.escrowed);
        }
        uint256 standing;
        (holder, standing) = _participants.accountAt(v.owner);
        Standing.requireActive(standing, holder, 0);

        // The value stays in storage as the redeemed value, for audit; balanceOf reads zero from here on.
        v.flags |= REDEEMED;
        _store(id, v);
        unchecked {
            // escrowed >= outstanding >= value: the slot's outstanding includes every live piece of it.
            account.outstanding -= value;
            account.escrowed -= value;
        }
        _outstanding[root.debtor] -= value;

        emit TransferValue(id, 0, value);
        emit VoucherRedeemed(id, holder, value);
        return (holder, value, root.debtor, v.flags & FINANCED != 0);
    }

    // ---------------------------------------------------------------- ERC-3525 surface

    /// @inheritdoc IERC3525Events
    function valueDecimals() external pure returns (uint8) {
        return 2;
    }

    /// @inheritdoc IERC3525Events
    function balanceOf(uint256 tokenId) external view returns (uint256) {
        Voucher memory v = _existing(tokenId);
        return v.flags & REDEEMED != 0 ? 0 : v.value;
    }

    /// @inheritdoc IERC3525Events
    function ownerOf(uint256 tokenId) external view returns (address) {
        (address owner,) = _participants.accountAt(_existing(tokenId).owner);
        return owner;
    }

    /// @inheritdoc IERC3525Events
    function slotOf(uint256 tokenId) external view returns (uint256) {
        Slot memory root = _slotByIndex[_slotIndex(tokenId, _existing(tokenId))];
        return SlotIds.from(root.debtor, root.maturity);
    }

    /// @inheritdoc IERC3525Events
    function allowance(uint256, address) external pure returns (uint256) {
        return 0;
    }

    /// @notice ERC-3525 value approval: unsupported, since every move must carry the program's checks.
    function approve(uint256, address, uint256) external pure {
        revert VouchersUseBusinessFunction();
    }

    /// @notice ERC-3525 value transfer between tokens: unsupported, use `splitTransfer` or `split`.
    function transferFrom(uint256, uint256, uint256) external pure {
        revert VouchersUseBusinessFunction();
    }

    /// @notice ERC-3525 value transfer to an address: unsupported, use `splitTransfer` with invoices.
    function transferFrom(uint256, address, uint256) external pure returns (uint256) {
        revert VouchersUseBusinessFunction();
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IVouchers
    function voucher(uint256 id) external view returns (VoucherView memory out) {
        Voucher memory v = _existing(id);
        Slot memory root = _slotByIndex[_slotIndex(id, v)];
        (address owner,) = _participants.accountAt(v.owner);
        bool redeemed = v.flags & REDEEMED != 0;
        out = VoucherView({
            owner: owner,
            value: redeemed ? 0 : v.value,
            redeemedValue: redeemed ? v.value : 0,
            locked: v.locked,
            depth: v.depth,
            financed: v.flags & FINANCED != 0,
            root: v.root,
            parent: v.root == id ? 0 : v.link,
            debtor: root.debtor,
            maturity: root.maturity
        });
    }

    /// @inheritdoc IVouchers
    function slotAccount(uint256 slot) external view returns (SlotAccount memory) {
        SlotRecord storage account = _slots[slot];
        return SlotAccount(account.outstanding, account.escrowed);
    }

    /// @inheritdoc IVouchers
    function outstandingOf(address debtor) external view returns (uint256) {
        return _outstanding[debtor];
    }

    /// @inheritdoc IVouchers
    function lastId() external view returns (uint256) {
        return _counters.lastVoucherId;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Callers store the parent once they have cut all their pieces from it.
    function _mintPiece(
        uint256 parentId,
        Voucher memory parent,
        uint32 owner,
        address account,
        uint64 amount,
        uint8 depth,
        uint8 flags,
        uint256 slot
    ) private returns (uint256 id) {
        // Callers have checked amount <= parent.value - parent.locked.
        unchecked {
            parent.value -= amount;
        }
        id = _nextId();
        _vouchers[id] = _fresh(owner, amount, depth, flags, parent.root, uint40(parentId));
        _emitMint(parentId, id, account, slot, amount);
    }

    function _nextId() private returns (uint256) {
        uint40 last = _counters.lastVoucherId;
        if (last == type(uint40).max) revert VouchersTooMany(uint256(last) + 1, last);
        _counters.lastVoucherId = last + 1;
        return uint256(last) + 1;
    }

    /// @dev A new voucher's word, unlocked, packed as `_store` packs: no struct in memory for a word written once.
    function _fresh(uint32 owner, uint64 value, uint8 depth, uint8 flags, uint40 root, uint40 link)
        private
        pure
        returns (uint256)
    {
        return uint256(owner) | (uint256(value) << 32) | (uint256(depth) << 160) | (uint256(flags) << 168)
            | (uint256(root) << 176) | (uint256(link) << 216);
    }

    function _store(uint256 id, Voucher memory v) private {
        // Packed as the struct declares them, from the low bits up.
        _vouchers[id] = uint256(v.owner) | (uint256(v.value) << 32) | (uint256(v.locked) << 96)
            | (uint256(v.depth) << 160) | (uint256(v.flags) << 168) | (uint256(v.root) << 176)
            | (uint256(v.link) << 216);
    }

    function _load(uint256 id) private view returns (Voucher memory) {
        uint256 w = _vouchers[id];
        return Voucher(
            uint32(w), uint64(w >> 32), uint64(w >> 96), uint8(w >> 160), uint8(w >> 168), uint40(w >> 176), uint40(w >> 216)
        );
    }

    function _emitMint(uint256 fromId, uint256 id, address owner, uint256 slot, uint64 amount) private {
        emit Transfer(address(0), owner, id);
        emit SlotChanged(id, 0, slot);
        emit TransferValue(fromId, id, amount);
    }

    function _requirePiece(uint64 amount, uint64 minSplit) private pure {
        if (amount == 0 || amount < minSplit) revert VouchersInvalidAmount(amount, minSplit);
    }

    /// @dev A cut of `amount` must fit the unlocked value and leave either nothing (unless `keepSome`)
    /// or at least `minSplit` behind.
    function _requireCut(uint256 id, Voucher memory v, uint256 amount, uint64 minSplit, bool keepSome) private pure {
        uint64 free = v.value - v.locked;
        if (amount > free) revert VouchersInsufficientValue(id, free, amount);
        // amount <= free <= value, so this cannot underflow.
        uint64 rest = v.value - uint64(amount);
        if ((rest == 0 && keepSome) || (rest != 0 && rest < minSplit)) revert VouchersInvalidAmount(rest, minSplit);
    }

    /// @dev An issue's checks against the program's rules and its credit cover, in order; returns the debtor's
    /// outstanding total with the new voucher.
    function _requireIssueRules(address supplier, uint64 amount, uint40 maturity, uint256 invoiceCount)
        private
        view
        returns (uint256 outstanding)
    {
        uint256 r = _rules.rulesWordOf(msg.sender, supplier, address(0));
        _requireRecipient(supplier, msg.sender, r);
        _requirePiece(amount, ProgramRules.minSplit(r));
        _requireMaturity(maturity, ProgramRules.maxTermDays(r));
        _requireInvoiceCount(invoiceCount, ProgramRules.invoicesRequired(r));
        outstanding = _outstanding[msg.sender] + amount;
        if (ProgramRules.issuanceCoveredByCredit(r)) {
            uint256 cover = _creditLines.openLimitOf(msg.sender);
            if (outstanding > cover) revert VouchersIssuanceNotCovered(outstanding - amount, cover, amount);
        }
    }

    /// @dev A transfer's checks against the program's rules, in order; returns the new piece's depth.
    function _requireTransferRules(
        uint256 id,
        Voucher memory v,
        address to,
        uint64 amount,
        uint256 invoiceCount,
        address debtor
    ) private view returns (uint8 depth) {
        uint256 r = _rules.rulesWordOf(debtor, to, address(0));
        _requireRecipient(to, msg.sender, r);
        depth = v.depth + 1;
        uint8 maxDepth = ProgramRules.maxDepth(r);
        if (depth > maxDepth) revert VouchersDepthExceeded(depth, maxDepth);
        uint64 minSplit = ProgramRules.minSplit(r);
        _requirePiece(amount, minSplit);
        _requireCut(id, v, amount, minSplit, false);
        _requireInvoiceCount(invoiceCount, ProgramRules.invoicesRequired(r));
    }

    /// @dev `rules` came from `rulesWordOf` naming `to` as the recipient.
    function _requireRecipient(address to, address from, uint256 rules) private pure {
        if (to == from || !ProgramRules.mayReceive(rules)) revert VouchersRecipientNotAllowed(to);
    }

    function _requireMaturity(uint40 maturity, uint16 maxTermDays) private view {
        if (!Discount.isCstMidnight(maturity) || maturity <= block.timestamp) {
            revert VouchersInvalidMaturity(maturity, maxTermDays);
        }
        if (Discount.daysBetween(block.timestamp, maturity) > maxTermDays) {
            revert VouchersInvalidMaturity(maturity, maxTermDays);
        }
    }

    function _requireInvoiceCount(uint256 count, bool required) private pure {
        if (count > MAX_INVOICES) revert VouchersTooMany(count, MAX_INVOICES);
        if (required && count == 0) revert VouchersInvoicesRequired();
    }

    /// @dev Both parties' checks, in order; returns their participant indices.
    function _requireActivePair(address first, uint8 firstRole, address second, uint8 secondRole)
        private
        view
        returns (uint32, uint32)
    {
        (uint256 a, uint256 b) = _participants.standingPair(first, second);
        Standing.requireActive(a, first, firstRole);
        Standing.requireActive(b, second, secondRole);
        return (Standing.index(a), Standing.index(b));
    }

    /// @dev A root keeps its slot's index in its link; a piece reads its root's.
    function _slotIndex(uint256 id, Voucher memory v) private view returns (uint32) {
        return uint32(v.root == id ? v.link : _vouchers[v.root] >> 216);
    }

    function _liveSlot(uint256 id, Voucher memory v) private view returns (Slot memory slot) {
        slot = _slotByIndex[_slotIndex(id, v)];
        if (block.timestamp >= slot.maturity) revert VouchersMatured(id);
    }

    /// @dev `standing` is the caller's, as Participants reports it: an unregistered caller has index zero,
    /// which holds nothing.
    function _held(uint256 id, uint256 standing) private view returns (Voucher memory v) {
        v = _existing(id);
        if (v.owner != Standing.index(standing)) revert VouchersNotHolder(id, msg.sender);
    }

    function _existing(uint256 id) private view returns (Voucher memory v) {
        v = _load(id);
        if (v.owner == 0) revert VouchersNotFound(id);
    }
}
