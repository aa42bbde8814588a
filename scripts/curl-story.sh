#!/usr/bin/env bash
# The main story with curl, against a freshly started platform (npm start): API=http://localhost:8080 bash scripts/curl-story.sh
# Each step is the HTTP a clerk's tool or an ERP would send. Money is yuan as a decimal string; every POST carries an Idempotency-Key.
set -e
API=${API:-http://localhost:8080}
PW='scf-demo-2026!'
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);const p=process.argv[1].split(".");let x=v;for(const k of p)x=x[k];console.log(x)})' "$1"; }
login() { curl -s $API/auth/login -H 'content-type: application/json' -d "{\"email\":\"$1\",\"password\":\"$PW\"}" | json accessToken; }
post() { curl -s -X POST "$API$2" -H "authorization: Bearer $1" -H 'content-type: application/json' -H "idempotency-key: $(uuidgen 2>/dev/null || node -p 'crypto.randomUUID()')" -d "${3:-{\}}"; }
get() { curl -s "$API$2" -H "authorization: Bearer $1"; }

# 1. apply (no account needed)
APP=$(curl -s $API/applications -H 'content-type: application/json' -d '{
  "name": "赣州稀土物流合作社", "nameEn": "Ganzhou Rare Earth Logistics Cooperative",
  "uscc": "93360700MA7WLC001R", "kinds": ["supplier"],
  "admin": { "name": "刘管理", "email": "admin@ganzhou-logistics.example", "password": "a long enough password" } }' | json id)
echo "application $APP"
# 2. approve (the operator): creates the organisation, its admin and its ledger key, and registers it on chain
OPERATOR=$(login admin@ganchain.example)
post $OPERATOR /applications/$APP/approve | json txHash

ORGS=$(get $OPERATOR '/orgs?limit=100')
org() { echo "$ORGS" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.find(o=>o.nameEn&&o.nameEn.startsWith(process.argv[1])).id))' "$1"; }
CORE=$(org Ganjiang); BANK=$(org Ganpo); T1=$(org Hongdu); T2=$(org Yichun\ Lithium); T3=$(org Yifeng)
echo "core $CORE bank $BANK"
# 3. grant a credit line: the bank's maker proposes, its checker approves
BANK_MAKER=$(login maker@ganpo-bank.example); BANK_CHECKER=$(login checker@ganpo-bank.example)
ACTION=$(post $BANK_MAKER /credit-lines "{\"coreOrgId\":\"$CORE\",\"limit\":\"50000000.00\",\"expiry\":\"2027-12-31\"}" | json id)
post $BANK_CHECKER /approvals/$ACTION/approve | json status
# settlement cash for the bank's payouts and the core's funding (the settlement bank's maker and checker)
SB_MAKER=$(login maker@yuzhang-settlement.example); SB_CHECKER=$(login checker@yuzhang-settlement.example)
for TO in $BANK $CORE; do
  A=$(post $SB_MAKER /cash/deposits "{\"organisationId\":\"$TO\",\"amount\":\"20000000.00\",\"reference\":\"DEP-$TO\"}" | json id)
  post $SB_CHECKER /approvals/$A/approve | json status
done
# 4. confirm an invoice: tier 1 invoices the core enterprise, the core confirms (registered on the ledger)
T1_MAKER=$(login maker@hongdu-battery.example); CORE_MAKER=$(login maker@ganjiang-nev.example); CORE_CHECKER=$(login checker@ganjiang-nev.example)
INV=$(post $T1_MAKER /invoices "{\"kind\":\"digital\",\"number\":\"26362000000000000011\",\"buyerOrgId\":\"$CORE\",\"amount\":\"8849557.52\",\"tax\":\"1150442.48\",\"issueDate\":\"2026-12-01\"}" | json id)
post $CORE_MAKER /invoices/$INV/confirm | json status
# 5. issue ¥10,000,000 to tier 1, maturing in 90 days (maker, then checker)
MATURITY=$(node -p 'new Date(Date.now()+8*3600e3+90*864e5).toISOString().slice(0,10)')
A=$(post $CORE_MAKER /vouchers "{\"supplierOrgId\":\"$T1\",\"amount\":\"10000000.00\",\"maturity\":\"$MATURITY\",\"invoiceIds\":[\"$INV\"]}" | json id)
V1=$(post $CORE_CHECKER /approvals/$A/approve | json result.voucherId)
echo "voucher $V1"
# 6. pass on twice: tier 1 → tier 2 → tier 3, each backed by the recipient's confirmed invoice
T2_MAKER=$(login maker@yichun-cell.example); T3_MAKER=$(login maker@yifeng-lithium.example)
I2=$(post $T2_MAKER /invoices "{\"kind\":\"digital\",\"number\":\"26362000000000000012\",\"buyerOrgId\":\"$T1\",\"amount\":\"6000000.00\",\"tax\":\"0.00\",\"issueDate\":\"2026-12-01\"}" | json id)
post $T1_MAKER /invoices/$I2/confirm | json status
V2=$(post $T1_MAKER /vouchers/$V1/transfers "{\"toOrgId\":\"$T2\",\"amount\":\"6000000.00\",\"invoiceIds\":[\"$I2\"]}" | json id)
I3=$(post $T3_MAKER /invoices "{\"kind\":\"digital\",\"number\":\"26362000000000000013\",\"buyerOrgId\":\"$T2\",\"amount\":\"2000000.00\",\"tax\":\"0.00\",\"issueDate\":\"2026-12-01\"}" | json id)
post $T2_MAKER /invoices/$I3/confirm | json status
V3=$(post $T2_MAKER /vouchers/$V2/transfers "{\"toOrgId\":\"$T3\",\"amount\":\"2000000.00\",\"invoiceIds\":[\"$I3\"]}" | json id)
get $T3_MAKER /vouchers/$V3 | json lineage.length
# 7. request financing, quote, accept, approve
REQ=$(post $T3_MAKER /financing/requests "{\"voucherId\":\"$V3\",\"amount\":\"1000000.00\"}" | json id)
QUOTE=$(post $BANK_MAKER /financing/requests/$REQ/quotes '{"rateBps":385}' | json id)
post $T3_MAKER /financing/requests/$REQ/accept "{\"quoteId\":\"$QUOTE\"}" | json status
A=$(post $BANK_MAKER /financing/requests/$REQ/approve | json id)
post $BANK_CHECKER /approvals/$A/approve | json result.net
get $T3_MAKER /cash/balance | json balance
# 8. fund the maturity (the core's maker, then checker)
A=$(post $CORE_MAKER /settlements "{\"maturity\":\"$MATURITY\"}" | json id)
post $CORE_CHECKER /approvals/$A/approve | json result.amount
# 9. mature and be paid: move the embedded chain's clock, let the scheduler settle (or run it now)
# moving the clock matures everyone's vouchers, so it takes two people too: the operator's maker, then its checker
OP_MAKER=$(login maker@ganchain.example); OP_CHECKER=$(login checker@ganchain.example)
A=$(post $OP_MAKER /clock/advance '{"days":91}' | json id)
post $OP_CHECKER /approvals/$A/approve | json result.now
post $OPERATOR /settlements/run > /dev/null
get $CORE_MAKER "/settlements/$CORE/$MATURITY" | json outstanding
get $T3_MAKER /cash/balance | json balance
