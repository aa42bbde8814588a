# Sourced by the other scripts: where fabric-samples' test-network is, its binaries and configuration, and the
# settings of one of its organisations' peers (as test-network's own scripts/envVar.sh sets them).
# TEST_NETWORK must name fabric-samples/test-network, with `./network.sh up createChannel -ca` run in it.
# shellcheck shell=bash

if [[ -z "${TEST_NETWORK:-}" || ! -x "$TEST_NETWORK/network.sh" ]]; then
  echo "Set TEST_NETWORK to your fabric-samples/test-network directory (the one holding network.sh)" >&2
  exit 1
fi
TEST_NETWORK=$(cd "$TEST_NETWORK" && pwd)
export PATH="$TEST_NETWORK/../bin:$PATH"
export FABRIC_CFG_PATH="$TEST_NETWORK/../config"
export CORE_PEER_TLS_ENABLED=true
export ORDERER_CA="$TEST_NETWORK/organizations/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem"
export ORG1_TLS="$TEST_NETWORK/organizations/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem"
export ORG2_TLS="$TEST_NETWORK/organizations/peerOrganizations/org2.example.com/tlsca/tlsca.org2.example.com-cert.pem"

# as_org 1|2: the peer CLI acts as that organisation's admin, on its peer.
as_org() {
  case "$1" in
    1)
      export CORE_PEER_LOCALMSPID=Org1MSP CORE_PEER_ADDRESS=localhost:7051 CORE_PEER_TLS_ROOTCERT_FILE="$ORG1_TLS"
      export CORE_PEER_MSPCONFIGPATH="$TEST_NETWORK/organizations/peerOrganizations/org1.example.com/users/Admin@org1.example.com/msp"
      ;;
    2)
      export CORE_PEER_LOCALMSPID=Org2MSP CORE_PEER_ADDRESS=localhost:9051 CORE_PEER_TLS_ROOTCERT_FILE="$ORG2_TLS"
      export CORE_PEER_MSPCONFIGPATH="$TEST_NETWORK/organizations/peerOrganizations/org2.example.com/users/Admin@org2.example.com/msp"
      ;;
    *)
      echo "as_org: 1 or 2" >&2
      return 1
      ;;
  esac
}
