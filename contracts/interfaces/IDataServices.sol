// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Data services: what the ledger keeps of documents, disclosures and consented risk queries.
/// @notice The data itself never comes here: documents are encrypted off the ledger, and a disclosure or a risk
/// profile is shown by the platform. The ledger keeps the salted commitment to each document, a digest of each
/// disclosure (who showed what to whom), each consent with its end, and each risk query with its fee, so that
/// none of them can be denied or rewritten afterwards.
interface IDataServices {
    /// @notice Emitted when `owner` commits to a document it holds off the ledger.
    event DocumentCommitted(address indexed owner, bytes32 indexed commitment);
    /// @notice Emitted when `holder` discloses to `bank` the invoices behind voucher `voucherId`; `digest`
    /// is the hash of what was shown (the openings), kept off the ledger.
    event DisclosureRecorded(address indexed holder, address indexed bank, uint256 indexed voucherId, bytes32 digest);
    /// @notice Emitted when `subject` lets `bank` query its risk profile until `until` (seconds).
    event ConsentGranted(address indexed subject, address indexed bank, uint256 until);
    /// @notice Emitted when `subject` withdraws its consent to `bank`: no query from this block on.
    event ConsentWithdrawn(address indexed subject, address indexed bank);
    /// @notice Emitted when `bank` queries `subject`'s risk profile under consent, paying `fee` fen.
    event RiskQueried(address indexed bank, address indexed subject, bytes32 digest, uint256 fee);
    /// @notice Emitted when the operator sets the fee per risk query (fen) and who receives it.
    event QueryFeeChanged(uint256 fee, address recipient);

    /// @notice Thrown when a commitment or digest is zero, or a consent's end is not in the future or
    /// further than MAX_CONSENT away.
    error DataServicesInvalidArgument();
    /// @notice Thrown when the document commitment was already recorded.
    error DataServicesDocumentCommitted(bytes32 commitment);
    /// @notice Thrown when `bank` has no consent in force from `subject`.
    error DataServicesNoConsent(address subject, address bank);
    /// @notice Thrown when a party consents to itself.
    error DataServicesSelfConsent(address subject);

    /// @notice Records the salted commitment to a document the caller holds. Any active participant; once.
    function commitDocument(bytes32 commitment) external;

    /// @notice Records that the caller disclosed to `bank` what `digest` commits to, for voucher `voucherId`.
    function recordDisclosure(address bank, uint256 voucherId, bytes32 digest) external;

    /// @notice Lets `bank`, an active bank, query the caller's risk profile until `until` (a later grant replaces
    /// an earlier one). Any active participant but the bank itself.
    function grantConsent(address bank, uint40 until) external;

    /// @notice Ends the caller's consent to `bank` at once.
    function withdrawConsent(address bank) external;

    /// @notice Records the caller's query of `subject`'s risk profile and charges the query fee in settlement
    /// cash, drawn on the caller's allowance to this contract. An active bank with consent in force only.
    function recordQuery(address subject, bytes32 digest) external;

    /// @notice Sets the fee per risk query and its recipient, an active operator. Operator only.
    function setQueryFee(uint128 fee, address recipient) external;

    /// @notice When `subject`'s consent to `bank` ends (seconds); zero when there is none.
    function consentUntil(address subject, address bank) external view returns (uint40);

    /// @notice The fee per risk query in fen and its recipient.
    function queryFee() external view returns (uint128 fee, address recipient);

    /// @notice Who committed to `commitment`; the zero address when nobody did.
    function documentOwner(bytes32 commitment) external view returns (address);
}
