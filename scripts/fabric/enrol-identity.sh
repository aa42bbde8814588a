#!/usr/bin/env bash
# Enrols the Fabric identity of one ledger account with the test-network's Org1 CA, for the platform to take
# into its key vault: registers it (or updates it) with the attributes the chaincode checks, written into the
# enrolment certificate (":ecert"), and enrols it into $FABRIC_IDENTITIES_DIR/<account, lower case>/ as an MSP
# folder (signcerts/cert.pem, keystore/<ski>_sk). The platform seals the key the first time it needs it; the
# folder can be deleted after that.
#
#   scripts/fabric/enrol-identity.sh 0xAbC…123 core            # roles as comma-separated names
#   scripts/fabric/enrol-identity.sh 0xDeF…456 supplier,bank
#
# Which account and roles: `npm start` names the operator's and the regulator's; an organisation's are its
# `account` and `roles` in GET /orgs/{id} (the operator sees every organisation). Enrol again when its roles change.
#
# Not verified against a real CA here (no Fabric CA can run on these machines): checked with `bash -n` and ShellCheck.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/fabric/test-network.sh
source "$HERE/test-network.sh"

ACCOUNT=${1:-}
ROLES=${2:-}
ROLE='(operator|regulator|core|supplier|bank|warehouse|guarantor|insurer)'
if [[ ! "$ACCOUNT" =~ ^0x[0-9a-fA-F]{40}$ || ! "$ROLES" =~ ^$ROLE(,$ROLE)*$ ]]; then
  echo "usage: $0 <0x account> <role[,role…]>   (roles: operator regulator core supplier bank warehouse guarantor insurer)" >&2
  exit 2
fi
DIR=${FABRIC_IDENTITIES_DIR:?"Set FABRIC_IDENTITIES_DIR (source scripts/fabric/env.sh)"}
command -v fabric-ca-client >/dev/null || { echo "fabric-ca-client is not on PATH: add fabric-samples/bin" >&2; exit 1; }

ACCOUNT=$(tr 'A-F' 'a-f' <<<"$ACCOUNT")
NAME="scf-$ACCOUNT"
SECRET=$(node -e 'console.log(require("crypto").randomBytes(18).toString("base64url"))')
# A value holding commas is quoted whole, as fabric-ca-client's attribute lists require.
ATTRS="\"scf.roles=$ROLES:ecert\",scf.account=$ACCOUNT:ecert"
CA=(--caname ca-org1 --tls.certfiles "$TEST_NETWORK/organizations/fabric-ca/org1/ca-cert.pem")

# The registrar is the CA's admin, as test-network's registerEnroll.sh enrolled it.
export FABRIC_CA_CLIENT_HOME="$TEST_NETWORK/organizations/peerOrganizations/org1.example.com/"
if fabric-ca-client identity list --id "$NAME" "${CA[@]}" >/dev/null 2>&1; then
  fabric-ca-client identity modify "$NAME" --secret "$SECRET" --attrs "$ATTRS" "${CA[@]}"
else
  fabric-ca-client register --id.name "$NAME" --id.secret "$SECRET" --id.type client --id.attrs "$ATTRS" "${CA[@]}"
fi

# A fresh folder: the platform refuses a keystore holding more than one key.
rm -rf "${DIR:?}/$ACCOUNT"
mkdir -p "$DIR"
fabric-ca-client enroll -u "https://$NAME:$SECRET@localhost:7054" -M "$DIR/$ACCOUNT" "${CA[@]}"
chmod -R go-rwx "$DIR/$ACCOUNT"
echo "Enrolled $ACCOUNT ($ROLES) into $DIR/$ACCOUNT"
