// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC3525Events} from "./IERC3525Events.sol";

/// @title Vouchers (数字债权凭证): a core enterprise's payable, split and passed down its supply chain.
/// @notice Every voucher knows its root issuance, its parent, its depth (the tier of its holder) and its slot.
/// Conservation: for every root, the live values plus the redeemed values of its pieces equal its face value.
interface IVouchers is IERC3525Events {
    /// @notice Everything known about one voucher.
    struct VoucherView {
        address owner;
        /// Value in fen; zero once redeemed.
        uint64 value;
        /// Value paid out at redemption, else zero.
        uint64 redeemedValue;
        /// Value reserved by a pending financing request.
        uint64 locked;
        /// Tier of the holder: 1 for the tier-1 supplier; financed pieces keep the tier they were sold from.
        uint8 depth;
        /// Held by a bank through financing: it counts against the bank's credit line until redeemed.
        bool financed;
        uint256 root;
        uint256 parent;
        address debtor;
        uint40 maturity;
    }

    /// @notice A slot's settlement account: face value owed and cash escrowed for it.
    struct SlotAccount {
        uint64 outstanding;
        uint64 escrowed;
    }

    /// @notice Emitted when `debtor` issues root voucher `id` to `holder`.
    event VoucherIssued(
        uint256 indexed id, address indexed debtor, address indexed holder, uint64 amount, uint40 maturity
    );
    /// @notice Emitted when `holder` splits `amount` off `parentId` into `id`, which it keeps.
    event VoucherSplit(uint256 indexed parentId, uint256 indexed id, address indexed holder, uint64 amount);
    /// @notice Emitted when `from` passes `amount` of `parentId` to `to` as `id`, at tier `depth`.
    event VoucherTransferred(
        uint256 indexed parentId, uint256 indexed id, address indexed to, address from, uint64 amount, uint8 depth
    );
    /// @notice Emitted when financing locks (`locked` is the new total) part of voucher `id`.
    event VoucherLocked(uint256 indexed id, uint64 amount, uint64 locked);
    /// @notice Emitted when a lock on voucher `id` is lifted without a sale; `locked` is the new total.
    event VoucherUnlocked(uint256 indexed id, uint64 amount, uint64 locked);
    /// @notice Emitted when `amount` of `parentId` is delivered to `bank` as `id` (`id == parentId`: whole voucher).
    /// The amount was locked for the sale, and this lifts that lock: `parentId`'s locked total drops by `amount`.
    event VoucherFinanced(uint256 indexed parentId, uint256 indexed id, address indexed bank, uint64 amount);
    /// @notice Emitted when voucher `id` is redeemed and `holder` is paid `value`.
    event VoucherRedeemed(uint256 indexed id, address indexed holder, uint64 value);
    /// @notice Emitted when `amount` of cash is escrowed for `slot`; `escrowed` is the new total.
    event SlotFunded(uint256 indexed slot, uint64 amount, uint64 escrowed);

    /// @notice Thrown for an id that was never minted.
    error VouchersNotFound(uint256 id);
    /// @notice Thrown when the caller does not hold the voucher.
    error VouchersNotHolder(uint256 id, address caller);
    /// @notice Thrown on a zero amount, or a piece below the program's minimum split.
    error VouchersInvalidAmount(uint64 amount, uint64 minSplit);
    /// @notice Thrown when `requested` exceeds the voucher's unlocked value `available`.
    error VouchersInsufficientValue(uint256 id, uint64 available, uint256 requested);
    /// @notice Thrown when a maturity is not a CST day boundary, is not in the future, or exceeds the term.
    error VouchersInvalidMaturity(uint40 maturity, uint16 maxTermDays);
    /// @notice Thrown when moving a voucher at or after maturity.
    error VouchersMatured(uint256 id);
    /// @notice Thrown when a transfer would pass the program's maximum tier depth.
    error VouchersDepthExceeded(uint8 depth, uint8 maxDepth);
    /// @notice Thrown when the program requires invoices and none were offered.
    error VouchersInvoicesRequired();
    /// @notice Thrown when more invoices or pieces are offered than one operation may carry, or when the ledger
    /// has minted every id a voucher can carry (2^40 - 1).
    error VouchersTooMany(uint256 count, uint256 max);
    /// @notice Thrown when the recipient is not on the debtor's supplier whitelist, or is the holder itself.
    error VouchersRecipientNotAllowed(address to);
    /// @notice Thrown when a bank-held (financed) voucher would be passed on or financed again.
    error VouchersFinanced(uint256 id);
    /// @notice Thrown when issuance would exceed the debtor's open credit-line cover.
    error VouchersIssuanceNotCovered(uint256 outstanding, uint256 cover, uint64 amount);
    /// @notice Thrown when issuing would take a slot's outstanding face value past 2^64 − 1 fen.
    error VouchersSlotOverflow(uint256 slot, uint64 outstanding, uint64 amount);
    /// @notice Thrown when redeeming a voucher already redeemed or without value.
    error VouchersNothingToRedeem(uint256 id);
    /// @notice Thrown when redeeming before the maturity day.
    error VouchersNotMatured(uint256 id, uint40 maturity);
    /// @notice Thrown when redeeming a voucher still locked by a financing request.
    error VouchersLocked(uint256 id, uint64 locked);
    /// @notice Thrown when redeeming from a slot whose escrow does not cover what it owes.
    error VouchersSlotUnfunded(uint256 slot, uint64 outstanding, uint64 escrowed);
    /// @notice Thrown by the standard ERC-3525 writes: they cannot carry the invoices the rules require.
    error VouchersUseBusinessFunction();
    /// @notice Thrown when the caller is not the ledger module that may call this hook.
    error VouchersUnauthorized(address caller);

    /// @notice The caller, an active core enterprise, issues a voucher of `amount` fen maturing at `maturity`
    /// (00:00 CST) to `supplier`, backed by confirmed invoices from `supplier` to the caller.
    function issue(address supplier, uint64 amount, uint40 maturity, bytes32[] calldata invoiceKeys)
        external
        returns (uint256 id);

    /// @notice The holder passes `amount` of voucher `id` to its supplier `to`, backed by confirmed invoices from
    /// `to` to the holder. Creates a new voucher one tier deeper.
    function splitTransfer(uint256 id, address to, uint64 amount, bytes32[] calldata invoiceKeys)
        external
        returns (uint256 newId);

    /// @notice The holder splits pieces of `amounts` off voucher `id` and keeps them.
    function split(uint256 id, uint64[] calldata amounts) external returns (uint256[] memory ids);

    /// @notice Reserves `amount` of voucher `id`, held by `holder` (participant index `holderIndex`), for a financing
    /// request, and tells the voucher's debtor and maturity, whether the program lets `bank` finance it, and the
    /// index of the voucher's slot, for `deliverFinanced`. Financing module only.
    function lock(uint256 id, address holder, uint32 holderIndex, address bank, uint64 amount)
        external
        returns (address debtor, uint40 maturity, bool bankEligible, uint32 slotIndex);

    /// @notice Lifts a reservation. Financing module only.
    function unlock(uint256 id, uint64 amount) external;

    /// @notice Delivers the locked `amount` of voucher `id`, locked by `holder`, to `bank` (participant index
    /// `bankIndex`) as a financed piece; `slotIndex` is what `lock` told of the voucher. Financing module only.
    function deliverFinanced(
        uint256 id,
        uint64 amount,
        address bank,
        uint32 bankIndex,
        address holder,
        uint32 slotIndex
    )
        external
        returns (uint256 pieceId, address debtor, uint40 maturity);

    /// @notice Records `amount` of cash escrowed for `slot`. Settlement module only.
    function recordFunding(uint256 slot, uint64 amount) external;

    /// @notice Redeems voucher `id` from its funded slot after maturity. Settlement module only.
    function redeem(uint256 id) external returns (address holder, uint64 value, address debtor, bool financed);

    /// @notice Everything known about voucher `id`.
    function voucher(uint256 id) external view returns (VoucherView memory);

    /// @notice The settlement account of `slot`.
    function slotAccount(uint256 slot) external view returns (SlotAccount memory);

    /// @notice Face value `debtor` has issued and not yet redeemed.
    function outstandingOf(address debtor) external view returns (uint256);

    /// @notice The last voucher id minted; ids run from 1.
    function lastId() external view returns (uint256);
}
