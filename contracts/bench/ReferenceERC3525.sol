// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// Benchmark baseline only (`npm run bench:gas`): the ERC-3525 reference implementation, never deployed
// with the ledger.
import {ERC3525BaseMock} from "@solvprotocol/erc-3525/mocks/ERC3525BaseMock.sol";

contract ReferenceERC3525 is ERC3525BaseMock {
    constructor() ERC3525BaseMock("Reference", "REF", 2) {}
}
