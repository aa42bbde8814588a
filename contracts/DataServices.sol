// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDataServices} from "./interfaces/IDataServices.sol";
import {IParticipants} from "./interfaces/IParticipants.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title DataServices
contract DataServices is IDataServices {
    /// @dev A consent is given for a period, never open-ended: a year and a day at most.
    uint40 public constant MAX_CONSENT = 366 days;

    IParticipants private immutable _participants;
    IERC20 private immutable _cash;

    uint128 private _queryFee;
    address private _feeRecipient;
    mapping(bytes32 commitment => address owner) private _documents;
    mapping(address subject => mapping(address bank => uint40 until)) private _consents;

    constructor(IParticipants participants, IERC20 cash) {
        _participants = participants;
        _cash = cash;
    }

    /// @inheritdoc IDataServices
    function commitDocument(bytes32 commitment) external {
        _participants.requireActive(msg.sender, 0);
        if (commitment == 0) revert DataServicesInvalidArgument();
        if (_documents[commitment] != address(0)) revert DataServicesDocumentCommitted(commitment);
        _documents[commitment] = msg.sender;
        emit DocumentCommitted(msg.sender, commitment);
    }

    /// @inheritdoc IDataServices
    function recordDisclosure(address bank, uint256 voucherId, bytes32 digest) external {
        _participants.requireActivePair(msg.sender, 0, bank, Roles.BANK);
        if (digest == 0) revert DataServicesInvalidArgument();
        emit DisclosureRecorded(msg.sender, bank, voucherId, digest);
    }

    /// @inheritdoc IDataServices
    function grantConsent(address bank, uint40 until) external {
        if (bank == msg.sender) revert DataServicesSelfConsent(msg.sender);
        _participants.requireActivePair(msg.sender, 0, bank, Roles.BANK);
        if (until <= block.timestamp || until > block.timestamp + MAX_CONSENT) revert DataServicesInvalidArgument();
        _consents[msg.sender][bank] = until;
        emit ConsentGranted(msg.sender, bank, until);
    }

    /// @inheritdoc IDataServices
    function withdrawConsent(address bank) external {
        if (_consents[msg.sender][bank] <= block.timestamp) revert DataServicesNoConsent(msg.sender, bank);
        delete _consents[msg.sender][bank];
        emit ConsentWithdrawn(msg.sender, bank);
    }

    /// @inheritdoc IDataServices
    function recordQuery(address subject, bytes32 digest) external {
        _participants.requireActive(msg.sender, Roles.BANK);
        if (digest == 0) revert DataServicesInvalidArgument();
        if (_consents[subject][msg.sender] <= block.timestamp) revert DataServicesNoConsent(subject, msg.sender);
        uint128 fee = _queryFee;
        if (fee != 0) SafeERC20.safeTransferFrom(_cash, msg.sender, _feeRecipient, fee);
        emit RiskQueried(msg.sender, subject, digest, fee);
    }

    /// @inheritdoc IDataServices
    function setQueryFee(uint128 fee, address recipient) external {
        _participants.requireActivePair(msg.sender, Roles.OPERATOR, recipient, Roles.OPERATOR);
        _queryFee = fee;
        _feeRecipient = recipient;
        emit QueryFeeChanged(fee, recipient);
    }

    /// @inheritdoc IDataServices
    function consentUntil(address subject, address bank) external view returns (uint40) {
        uint40 until = _consents[subject][bank];
        return until > block.timestamp ? until : 0;
    }

    /// @inheritdoc IDataServices
    function queryFee() external view returns (uint128 fee, address recipient) {
        return (_queryFee, _feeRecipient);
    }

    /// @inheritdoc IDataServices
    function documentOwner(bytes32 commitment) external view returns (address) {
        return _documents[commitment];
    }
}
