#!/usr/bin/env bash
# Deploys the scf-ledger chaincode on fabric-samples' test-network with the peer lifecycle: package, install on
# both organisations' peers, approve for each organisation, commit, and check it is committed.
#
#   TEST_NETWORK=~/fabric-samples/test-network scripts/fabric/deploy-test-network.sh [--up]
#
# --up first starts the network with its certificate authorities and creates the channel
# (`./network.sh up createChannel -c $FABRIC_CHANNEL -ca`): the platform enrols identities with the Org1 CA
# (enrol-identity.sh), whose certificates carry the scf.account and scf.roles attributes the chaincode checks.
# To upgrade, raise SCF_CHAINCODE_VERSION and SCF_CHAINCODE_SEQUENCE. SCF_ENDORSEMENT_POLICY replaces the
# channel's default (a majority of the organisations), e.g. "OR('Org1MSP.peer','Org2MSP.peer')".
#
# Not verified: written from the test-network's documented commands, checked here only with `bash -n` and
# ShellCheck, because no peer, orderer or CA can run on the machines this repository is developed on.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/fabric/test-network.sh
source "$HERE/test-network.sh"

CHANNEL=${FABRIC_CHANNEL:-scf}
NAME=${FABRIC_CHAINCODE:-scf-ledger}
VERSION=${SCF_CHAINCODE_VERSION:-0.1.0}
SEQUENCE=${SCF_CHAINCODE_SEQUENCE:-1}
POLICY=()
if [[ -n "${SCF_ENDORSEMENT_POLICY:-}" ]]; then POLICY=(--signature-policy "$SCF_ENDORSEMENT_POLICY"); fi
ORDERER=(-o localhost:7050 --ordererTLSHostnameOverride orderer.example.com --tls --cafile "$ORDERER_CA")

if [[ "${1:-}" == "--up" ]]; then
  (cd "$TEST_NETWORK" && ./network.sh up createChannel -c "$CHANNEL" -ca)
fi

PACKAGE=$("$HERE/package-chaincode.sh" | tail -n 1)
PACKAGE_ID=$(peer lifecycle chaincode calculatepackageid "$PACKAGE")
echo "package $PACKAGE_ID"

for org in 1 2; do
  as_org "$org"
  if peer lifecycle chaincode queryinstalled --output json | grep -q "\"$PACKAGE_ID\""; then
    echo "Org$org: already installed"
  else
    peer lifecycle chaincode install "$PACKAGE"
  fi
  peer lifecycle chaincode approveformyorg "${ORDERER[@]}" --channelID "$CHANNEL" --name "$NAME" --version "$VERSION" \
    --package-id "$PACKAGE_ID" --sequence "$SEQUENCE" "${POLICY[@]}"
done

as_org 1
peer lifecycle chaincode checkcommitreadiness --channelID "$CHANNEL" --name "$NAME" --version "$VERSION" --sequence "$SEQUENCE" "${POLICY[@]}" --output json
peer lifecycle chaincode commit "${ORDERER[@]}" --channelID "$CHANNEL" --name "$NAME" --version "$VERSION" --sequence "$SEQUENCE" "${POLICY[@]}" \
  --peerAddresses localhost:7051 --tlsRootCertFiles "$ORG1_TLS" --peerAddresses localhost:9051 --tlsRootCertFiles "$ORG2_TLS"
peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$NAME"

cat <<NEXT

The chaincode is committed. Next:
  source scripts/fabric/env.sh        # the platform's settings for this network, Org1's CA included
  npm start                           # enrols the operator and the regulator with the CA, initialises the chaincode
Without the CA (unset FABRIC_CA_URL), npm start names each account to enrol by hand:
  scripts/fabric/enrol-identity.sh <account> operator
NEXT
