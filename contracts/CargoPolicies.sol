// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICargoPolicies} from "./interfaces/ICargoPolicies.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {IWarehouseReceipts} from "./interfaces/IWarehouseReceipts.sol";
import {IPledges} from "./interfaces/IPledges.sol";
import {ISettlementCash} from "./interfaces/ISettlementCash.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title CargoPolicies
contract CargoPolicies is ICargoPolicies {
    IParticipants private immutable _participants;
    IWarehouseReceipts private immutable _receipts;
    IPledges private immutable _pledges;
    ISettlementCash private immutable _cash;

    uint256 private _lastPolicyId;
    uint256 private _lastClaimId;
    mapping(uint256 policyId => Policy) private _policies;
    mapping(uint256 claimId => Claim) private _claims;
    mapping(uint256 receiptId => uint256 policyId) private _byReceipt;
    mapping(uint256 policyId => uint256 claimId) private _pending;

    constructor(IParticipants participants, IWarehouseReceipts receipts, IPledges pledges, ISettlementCash cash) {
        _participants = participants;
        _receipts = receipts;
        _pledges = pledges;
        _cash = cash;
    }

    /// @inheritdoc ICargoPolicies
    function underwrite(uint256 receiptId, uint128 insured, uint40 start, uint40 end, bytes32 terms)
        external
        returns (uint256 policyId)
    {
        _participants.requireActive(msg.sender, Roles.INSURER);
        if (!_insurable(_receipts.receipt(receiptId).status)) revert CargoPoliciesReceiptNotInsurable(receiptId);
        if (insured == 0) revert CargoPoliciesInvalidAmount(insured, 0);
        if (start >= end || end <= block.timestamp) revert CargoPoliciesInvalidPeriod(start, end);
        uint256 current = _byReceipt[receiptId];
        if (current != 0 && _inForce(_policies[current])) revert CargoPoliciesAlreadyInsured(receiptId, current);

        policyId = ++_lastPolicyId;
        _byReceipt[receiptId] = policyId;
        // Receipt ids are a uint64 counter in WarehouseReceipts.
        _policies[policyId] = Policy(msg.sender, start, end, SafeCast.toUint64(receiptId), insured, 0, terms);
        emit PolicyUnderwritten(policyId, receiptId, msg.sender, insured, start, end, terms);
    }

    /// @inheritdoc ICargoPolicies
    function fileClaim(uint256 policyId, uint128 loss, bytes32 evidence, uint256 loanId)
        external
        returns (uint256 claimId)
    {
        Policy storage p = _existing(policyId);
        if (block.timestamp < p.start || block.timestamp > p.end) revert CargoPoliciesNotInForce(policyId);
        IWarehouseReceipts.Receipt memory r = _receipts.receipt(p.receiptId);
        if (!_insurable(r.status)) revert CargoPoliciesReceiptNotInsurable(p.receiptId);
        address bank = _pledgee(p.receiptId, r.status, loanId);
        if (msg.sender != r.owner && (bank == address(0) || msg.sender != bank)) {
            revert CargoPoliciesNotInsured(policyId, msg.sender);
        }
        _participants.requireActive(msg.sender, 0);
        uint128 left = p.insured - p.paid;
        if (loss == 0 || left == 0) revert CargoPoliciesInvalidAmount(loss, left);
        uint256 pending = _pending[policyId];
        if (pending != 0) revert CargoPoliciesClaimPending(policyId, pending);

        claimId = ++_lastClaimId;
        _pending[policyId] = claimId;
        // Policy ids are this contract's own counter.
        _claims[claimId] = Claim(msg.sender, ClaimStatus.Filed, uint64(policyId), loss, 0, address(0), evidence);
        emit ClaimFiled(claimId, policyId, msg.sender, loss, evidence);
    }

    /// @inheritdoc ICargoPolicies
    function acceptClaim(uint256 claimId, uint128 amount, uint256 loanId) external {
        (Claim storage c, Policy storage p) = _filedBy(claimId, msg.sender);
        _participants.requireActive(msg.sender, Roles.INSURER);
        uint128 left = p.insured - p.paid;
        uint128 limit = c.loss < left ? c.loss : left;
        if (amount == 0 || amount > limit) revert CargoPoliciesInvalidAmount(amount, limit);
        address beneficiary = _beneficiary(p.receiptId, loanId);

        c.status = ClaimStatus.Paid;
        c.paid = amount;
        c.beneficiary = beneficiary;
        p.paid += amount;
        delete _pending[c.policyId];
        emit ClaimPaid(claimId, c.policyId, beneficiary, amount);
        SafeERC20.safeTransferFrom(_cash, msg.sender, beneficiary, amount);
    }

    /// @inheritdoc ICargoPolicies
    function rejectClaim(uint256 claimId, bytes32 reason) external {
        (Claim storage c,) = _filedBy(claimId, msg.sender);
        c.status = ClaimStatus.Rejected;
        delete _pending[c.policyId];
        emit ClaimRejected(claimId, c.policyId, reason);
    }

    /// @inheritdoc ICargoPolicies
    function beneficiaryOf(uint256 policyId, uint256 loanId) external view returns (address) {
        return _beneficiary(_existing(policyId).receiptId, loanId);
    }

    /// @inheritdoc ICargoPolicies
    function policy(uint256 policyId) external view returns (Policy memory) {
        return _policies[policyId];
    }

    /// @inheritdoc ICargoPolicies
    function claim(uint256 claimId) external view returns (Claim memory) {
        return _claims[claimId];
    }

    /// @inheritdoc ICargoPolicies
    function policyOf(uint256 receiptId) external view returns (uint256) {
        return _byReceipt[receiptId];
    }

    /// @inheritdoc ICargoPolicies
    function lastIds() external view returns (uint256 policyId, uint256 claimId) {
        return (_lastPolicyId, _lastClaimId);
    }

    function _beneficiary(uint256 receiptId, uint256 loanId) private view returns (address) {
        IWarehouseReceipts.Receipt memory r = _receipts.receipt(receiptId);
        address bank = _pledgee(receiptId, r.status, loanId);
        return bank != address(0) ? bank : r.owner;
    }

    /// @dev The bank a pledged receipt secures, or zero while the loan is only requested (no money lent yet) or the
    /// receipt is not pledged. `loanId` must be the loan holding a pledged receipt, and 0 otherwise, so that a
    /// mistaken id never silently pays the owner instead of the bank.
    function _pledgee(uint256 receiptId, IWarehouseReceipts.Status status, uint256 loanId)
        private
        view
        returns (address)
    {
        if (status != IWarehouseReceipts.Status.Pledged) {
            if (loanId != 0) revert CargoPoliciesLoanMismatch(receiptId, loanId);
            return address(0);
        }
        IPledges.Loan memory ln = _pledges.loan(loanId);
        bool holding = ln.status == IPledges.Status.Requested || ln.status == IPledges.Status.Active
            || ln.status == IPledges.Status.Defaulted;
        if (!holding || !_holds(loanId, receiptId)) revert CargoPoliciesLoanMismatch(receiptId, loanId);
        return ln.status == IPledges.Status.Requested ? address(0) : ln.bank;
    }

    /// @dev A loan holds at most `Pledges.MAX_RECEIPTS` receipts.
    function _holds(uint256 loanId, uint256 receiptId) private view returns (bool) {
        uint256[] memory ids = _pledges.receiptsOf(loanId);
        for (uint256 i; i < ids.length; ++i) {
            if (ids[i] == receiptId) return true;
        }
        return false;
    }

    function _filedBy(uint256 claimId, address insurer) private view returns (Claim storage c, Policy storage p) {
        c = _claims[claimId];
        if (c.status != ClaimStatus.Filed) revert CargoPoliciesClaimNotFiled(claimId);
        p = _policies[c.policyId];
        if (p.insurer != insurer) revert CargoPoliciesNotInsurer(c.policyId, insurer);
    }

    function _existing(uint256 policyId) private view returns (Policy storage p) {
        p = _policies[policyId];
        if (p.insurer == address(0)) revert CargoPoliciesUnknownPolicy(policyId);
    }

    function _inForce(Policy storage p) private view returns (bool) {
        return block.timestamp <= p.end && p.paid < p.insured;
    }

    function _insurable(IWarehouseReceipts.Status status) private pure returns (bool) {
        return status == IWarehouseReceipts.Status.Active || status == IWarehouseReceipts.Status.Pledged;
    }
}
