// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Settlement cash: a CNY deposit token, 2 decimals, so 1 unit is 1 fen.
/// @notice The settlement bank, which the regulator designates, mints it against deposits received off chain
/// and burns it against withdrawals, each against a reference it attests: the reference's hash is recorded, in
/// the event and in the contract, and a reference is taken once for deposits and once for withdrawals. No
/// other bank creates or destroys cash, so a bank cannot mint to itself with its own maker and checker. It is what makes delivery-versus-payment atomic on the ledger.
/// Holders are participants; a frozen or suspended holder's cash does not move.
interface ISettlementCash is IERC20 {
    /// @notice Emitted when `bank` mints `amount` to `to` against off-chain deposit `ref`.
    event CashMinted(address indexed bank, address indexed to, uint256 amount, bytes32 ref);
    /// @notice Emitted when `bank` burns `amount` from `from` against off-chain withdrawal `ref`.
    event CashBurned(address indexed bank, address indexed from, uint256 amount, bytes32 ref);

    /// @notice Emitted when the regulator designates `bank` as the settlement bank.
    event SettlementBankDesignated(address indexed bank);

    /// @notice Thrown when a bank other than the designated settlement bank mints or burns.
    error SettlementCashNotSettlementBank(address bank);
    /// @notice Thrown when a deposit's (or a withdrawal's) reference was already used by a deposit (withdrawal).
    error SettlementCashReferenceUsed(bytes32 ref);
    /// @notice Thrown when the regulator designates the bank that is already the settlement bank.
    error SettlementCashBankUnchanged(address bank);
    /// @notice Thrown when the caller is not a ledger module allowed to settle.
    error SettlementCashUnauthorized(address caller);
    /// @notice Thrown on a zero amount.
    error SettlementCashZeroAmount();

    /// @notice Makes `bank`, an active bank, the one that mints and burns; the previous one no longer can.
    /// Regulator only.
    function designateSettlementBank(address bank) external;

    /// @notice Mints `amount` to `to` against deposit `ref`, which no earlier deposit used. The settlement bank
    /// only, while active; `to` must be active.
    function mint(address to, uint256 amount, bytes32 ref) external;

    /// @notice Burns `amount` from `from` against withdrawal `ref`, which no earlier withdrawal used, spending
    /// `from`'s allowance to the bank unless the bank burns its own. The settlement bank only, while active.
    function burn(address from, uint256 amount, bytes32 ref) external;

    /// @notice The designated settlement bank, or the zero address before the regulator designates one.
    function settlementBank() external view returns (address);

    /// @notice Whether `ref` was used by a deposit, and whether by a withdrawal.
    function referenceUsed(bytes32 ref) external view returns (bool deposit, bool withdrawal);

    /// @notice Moves cash as part of an atomic ledger operation whose parties the module has checked.
    /// Financing and settlement modules only.
    function settle(address from, address to, uint256 amount) external;
}
