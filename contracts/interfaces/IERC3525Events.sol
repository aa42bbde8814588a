// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice The ERC-3525 read surface and events, so that standard semi-fungible tooling can follow the
/// vouchers. Writes go through business functions; the standard transfers revert (see `IVouchers`).
interface IERC3525Events {
    /// @notice ERC-721 ownership change, also emitted on mint (`from` zero).
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    /// @notice Value moved between tokens; `toTokenId` zero on redemption, `fromTokenId` zero on issue.
    event TransferValue(uint256 indexed fromTokenId, uint256 indexed toTokenId, uint256 value);
    /// @notice A token's slot was set; `oldSlot` zero on mint.
    event SlotChanged(uint256 indexed tokenId, uint256 indexed oldSlot, uint256 indexed newSlot);
    /// @notice ERC-3525 value approval; never emitted, since the ledger grants no value allowances.
    event ApprovalValue(uint256 indexed tokenId, address indexed operator, uint256 value);

    /// @notice Decimals of a token's value: 2, so one unit is one fen.
    function valueDecimals() external view returns (uint8);

    /// @notice The value of `tokenId` in fen; zero once redeemed.
    function balanceOf(uint256 tokenId) external view returns (uint256);

    /// @notice The holder of `tokenId`.
    function ownerOf(uint256 tokenId) external view returns (address);

    /// @notice The slot of `tokenId`: `debtor << 40 | maturity`.
    function slotOf(uint256 tokenId) external view returns (uint256);

    /// @notice Always zero: the ledger grants no value allowances.
    function allowance(uint256 tokenId, address operator) external view returns (uint256);
}
