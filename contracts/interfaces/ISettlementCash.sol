// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Settlement cash: a CNY deposit token, 2 decimals, so 1 unit is 1 fen.
/// @notice Banks mint it against deposits received off chain and burn it against withdrawals, each with
/// the off-chain reference in the event. It is what makes delivery-versus-payment atomic on the ledger.
/// Holders are participants; a frozen or suspended holder's cash does not move.
interface ISettlementCash is IERC20 {
    /// @notice Emitted when `bank` mints `amount` to `to` against off-chain deposit `ref`.
    event CashMinted(address indexed bank, address indexed to, uint256 amount, bytes32 ref);
    /// @notice Emitted when `bank` burns `amount` from `from` against off-chain withdrawal `ref`.
    event CashBurned(address indexed bank, address indexed from, uint256 amount, bytes32 ref);

    /// @notice Thrown when the caller is not a ledger module allowed to settle.
    error SettlementCashUnauthorized(address caller);
    /// @notice Thrown on a zero amount.
    error SettlementCashZeroAmount();

    /// @notice Mints `amount` to `to` against deposit `ref`. Active banks only; `to` must be active.
    function mint(address to, uint256 amount, bytes32 ref) external;

    /// @notice Burns `amount` from `from` against withdrawal `ref`, spending `from`'s allowance to the
    /// bank unless the bank burns its own. Active banks only.
    function burn(address from, uint256 amount, bytes32 ref) external;

    /// @notice Moves cash as part of an atomic ledger operation whose parties the module has checked.
    /// Financing and settlement modules only.
    function settle(address from, address to, uint256 amount) external;
}
