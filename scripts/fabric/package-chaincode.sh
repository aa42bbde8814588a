#!/usr/bin/env bash
# Packages the scf-ledger chaincode (contracts/fabric/) for a peer: builds the TypeScript into dist/, stages
# package.json and dist/ alone (the peer's Node builder runs `npm install --production` and `npm start` on them),
# and runs `peer lifecycle chaincode package`. Prints the package's path.
#
#   scripts/fabric/package-chaincode.sh [out.tar.gz]
#
# Needs `peer` on PATH (fabric-samples/bin) and FABRIC_CFG_PATH (fabric-samples/config); deploy-test-network.sh
# sets both. Never run on the machines this repository is developed on: no peer binary can be installed there.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NAME=${FABRIC_CHAINCODE:-scf-ledger}
VERSION=${SCF_CHAINCODE_VERSION:-0.1.0}
OUT=${1:-$ROOT/data/fabric/$NAME-$VERSION.tar.gz}

command -v peer >/dev/null || { echo "peer is not on PATH: add fabric-samples/bin" >&2; exit 1; }

# The chaincode resolves fabric-contract-api and TypeScript from this repository's node_modules (npm ci first).
(cd "$ROOT/contracts/fabric" && npm run --silent build)

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp "$ROOT/contracts/fabric/package.json" "$STAGE/"
cp -R "$ROOT/contracts/fabric/dist" "$STAGE/dist"
# Source maps and declarations are of no use to a peer.
find "$STAGE/dist" \( -name '*.map' -o -name '*.d.ts' \) -delete

mkdir -p "$(dirname "$OUT")"
peer lifecycle chaincode package "$OUT" --path "$STAGE" --lang node --label "${NAME}_${VERSION}"
echo "$OUT"
