# The platform's settings for fabric-samples' test-network, once deploy-test-network.sh committed the chaincode:
#
#   export TEST_NETWORK=~/fabric-samples/test-network SCF_MASTER_KEY=<from your secret store>
#   source scripts/fabric/env.sh && npm start
#
# The platform's organisations sign as identities of Org1MSP, through Org1's peer; the gateway gathers the other
# endorsements the chaincode's policy needs.
# shellcheck shell=bash

if [[ -z "${TEST_NETWORK:-}" || ! -d "$TEST_NETWORK/organizations" ]]; then
  echo "Set TEST_NETWORK to your fabric-samples/test-network directory first (after ./network.sh up createChannel -ca)" >&2
  return 1
fi
if [[ -z "${SCF_MASTER_KEY:-}" ]]; then
  echo "Set SCF_MASTER_KEY first: make one with node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\" and keep it in your secret store" >&2
  return 1
fi

export SCF_LEDGER=fabric
export FABRIC_GATEWAY_ENDPOINT=localhost:7051
export FABRIC_TLS_CERT="$TEST_NETWORK/organizations/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem"
# The peer's TLS certificate names peer0.org1.example.com, not localhost.
export FABRIC_TLS_HOST=peer0.org1.example.com
export FABRIC_MSP_ID=Org1MSP
export FABRIC_CHANNEL=${FABRIC_CHANNEL:-scf}
export FABRIC_CHAINCODE=${FABRIC_CHAINCODE:-scf-ledger}
# The platform enrols each organisation's identity itself with Org1's CA, as its admin (the registrar that
# test-network's registerEnroll.sh enrolled into the organisation's msp folder).
export FABRIC_CA_URL=https://localhost:7054
export FABRIC_CA_NAME=ca-org1
export FABRIC_CA_TLS_CERT="$TEST_NETWORK/organizations/fabric-ca/org1/ca-cert.pem"
export FABRIC_CA_REGISTRAR_DIR="$TEST_NETWORK/organizations/peerOrganizations/org1.example.com/msp"
# Without FABRIC_CA_URL, identities enrolled by hand (enrol-identity.sh) are read from here instead.
export FABRIC_IDENTITIES_DIR=${FABRIC_IDENTITIES_DIR:-$PWD/data/fabric-identities}
# The demo cast (published passwords) only if asked for: SCF_SEED=1.
export PATH="$TEST_NETWORK/../bin:$PATH"
