// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Cargo policies (货物保险): an insurer covers the goods behind a warehouse receipt.
/// @notice The insurer attaches a policy to an active or pledged receipt, with an insured amount in fen and a
/// period; a receipt has one policy in force at a time (until its period ends or its cover is used up). On a loss
/// within the period, the receipt's owner, or the bank of the loan it is pledged to, files a claim; the insurer
/// accepts it for an amount (at most the loss and the cover left) and pays, in settlement cash through its allowance
/// to this contract, the beneficiary: the bank while the receipt stands pledged to a drawn loan (active or in
/// default), else the owner. Or the insurer rejects it. A claim is paid at most once; the cover shrinks by what is
/// paid.
interface ICargoPolicies {
    enum ClaimStatus {
        None,
        Filed,
        Paid,
        Rejected
    }

    struct Policy {
        address insurer;
        uint40 start;
        uint40 end;
        uint64 receiptId;
        uint128 insured;
        uint128 paid;
        bytes32 terms;
    }

    struct Claim {
        address claimant;
        ClaimStatus status;
        uint64 policyId;
        uint128 loss;
        uint128 paid;
        address beneficiary;
        bytes32 evidence;
    }

    /// @notice Emitted when `insurer` covers receipt `receiptId` for `insured` fen from `start` to `end`; `terms`
    /// commits to the policy document.
    event PolicyUnderwritten(
        uint256 indexed policyId,
        uint256 indexed receiptId,
        address indexed insurer,
        uint128 insured,
        uint40 start,
        uint40 end,
        bytes32 terms
    );
    /// @notice Emitted when `claimant` claims `loss` fen under the policy; `evidence` commits to the loss report.
    event ClaimFiled(uint256 indexed claimId, uint256 indexed policyId, address indexed claimant, uint128 loss, bytes32 evidence);
    /// @notice Emitted when the insurer accepts the claim and pays `amount` to `beneficiary`.
    event ClaimPaid(uint256 indexed claimId, uint256 indexed policyId, address indexed beneficiary, uint128 amount);
    /// @notice Emitted when the insurer rejects the claim; `reason` commits to its letter.
    event ClaimRejected(uint256 indexed claimId, uint256 indexed policyId, bytes32 reason);

    /// @notice Thrown when the receipt is neither active nor pledged.
    error CargoPoliciesReceiptNotInsurable(uint256 receiptId);
    /// @notice Thrown when the receipt already has a policy in force.
    error CargoPoliciesAlreadyInsured(uint256 receiptId, uint256 policyId);
    /// @notice Thrown when an amount is zero, or above the loss or the cover left.
    error CargoPoliciesInvalidAmount(uint128 amount, uint128 limit);
    /// @notice Thrown when the period is empty or already over.
    error CargoPoliciesInvalidPeriod(uint40 start, uint40 end);
    /// @notice Thrown when the policy does not exist.
    error CargoPoliciesUnknownPolicy(uint256 policyId);
    /// @notice Thrown when a loss is claimed outside the policy's period.
    error CargoPoliciesNotInForce(uint256 policyId);
    /// @notice Thrown when the policy already has a claim awaiting the insurer.
    error CargoPoliciesClaimPending(uint256 policyId, uint256 claimId);
    /// @notice Thrown when the claim is not awaiting the insurer: never filed, paid or rejected.
    error CargoPoliciesClaimNotFiled(uint256 claimId);
    /// @notice Thrown when someone other than the policy's insurer decides a claim.
    error CargoPoliciesNotInsurer(uint256 policyId, address caller);
    /// @notice Thrown when the claimant is neither the receipt's owner nor the bank of the loan it is pledged to.
    error CargoPoliciesNotInsured(uint256 policyId, address caller);
    /// @notice Thrown when the loan named is not the one holding the pledged receipt, or a loan is named for a
    /// receipt that is not pledged.
    error CargoPoliciesLoanMismatch(uint256 receiptId, uint256 loanId);

    /// @notice The caller, an active insurer, underwrites (attaches) a policy on receipt `receiptId` (active or pledged, with no policy in force)
    /// for `insured` fen from `start` to `end`.
    function underwrite(uint256 receiptId, uint128 insured, uint40 start, uint40 end, bytes32 terms)
        external
        returns (uint256 policyId);

    /// @notice The receipt's owner, or the bank of loan `loanId` holding it (0 when not pledged), claims `loss`
    /// within the policy's period.
    function fileClaim(uint256 policyId, uint128 loss, bytes32 evidence, uint256 loanId) external returns (uint256 claimId);

    /// @notice The policy's insurer accepts the claim for `amount` and pays the beneficiary; `loanId` is the loan
    /// holding the receipt if it is pledged, else 0.
    function acceptClaim(uint256 claimId, uint128 amount, uint256 loanId) external;

    /// @notice The policy's insurer rejects the claim.
    function rejectClaim(uint256 claimId, bytes32 reason) external;

    /// @notice Who the policy pays now: the bank of loan `loanId` while it holds the receipt drawn, else the owner.
    function beneficiaryOf(uint256 policyId, uint256 loanId) external view returns (address);

    /// @notice The policy's record.
    function policy(uint256 policyId) external view returns (Policy memory);

    /// @notice The claim's record.
    function claim(uint256 claimId) external view returns (Claim memory);

    /// @notice The newest policy attached to `receiptId`, in force or not; 0 when none.
    function policyOf(uint256 receiptId) external view returns (uint256);

    /// @notice The ids of the newest policy and the newest claim.
    function lastIds() external view returns (uint256 policyId, uint256 claimId);
}
