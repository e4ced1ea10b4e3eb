#!/usr/bin/env bash
# HTTP load test of one node (issue 22, "the HTTP path"): hey against a read and against opens.
#
# Needs: the .NET 10 SDK, hey (Debian: apt-get install -y hey), curl; nothing else running on
# the ports it picks (the node takes free ones: remoting --port 0, the API on port 0).
#
# What it does:
#   1. builds src/Host in Release into a temp directory and starts one node there (one-node
#      cluster, embedded SQLite journal in the temp directory, the bundled demo price path: a
#      point a second per market, reported by each of its three sources, at the default
#      PriceFeed:Speed of 10); LEVERAGE_* variables in the environment reach the node;
#   2. waits for GET /health and a fresh oracle price on $MARKET;
#   3. through the API: one LP account provides 90,000,000,000 of liquidity to $MARKET's pool;
#      $ACCOUNTS trader accounts get 1,000,000,000 each;
#   4. read: one hey, $READ_CLIENTS clients for $READ_SECONDS s on GET /markets/$MARKET;
#   5. opens: one hey per trader account ($OPEN_CLIENTS clients in all, split evenly), for
#      $OPEN_SECONDS s, POST /positions with the same body (a 5x long, collateral 100) and no
#      Idempotency-Key, so the node gives every request a fresh request id and position id;
#      hey cannot vary a header or a body per request, hence one hey per account. With
#      Execution:NextPrice on (the default) each open waits for the oracle's next price, so a
#      client opens at most once a second; LEVERAGE_Execution__NextPrice=false opens at once;
#   6. prints the results, then stops the node with SIGTERM and removes the temp directory
#      (KEEP=1 keeps it: the node's log is $WORK/node.log). About 2 minutes with the defaults
#      (a minute more for a cold build).
#
# Prints (markdown, on stdout): per phase the clients, requests answered, requests/s, p50, p99
# and the slowest answer (as hey measured them), the HTTP statuses, and the errors: non-2xx
# answers, plus requests without an answer (hey's error distribution for the read; for the
# opens, whose hey writes CSV and leaves such requests out, the answers the node counted beyond
# hey's rows; hey's own timeout, 30 s, is above the node's ask timeout of 10 s, so a slow open is
# the node's 504, counted). For the opens also the positions the node counted opened
# (leverage_positions_opened_total) and the CPU its process used per open (both cores, from
# /proc). The time and the load average are printed before and after each phase.
#
# The node's per-client rate limit (Api:RequestsPerSecondPerClient, 500 by default) would answer
# most of a load test from one address with 429; the script raises it (and the accounts a minute) to $RATE_LIMIT.
#
# Settings (environment): READ_SECONDS=20 OPEN_SECONDS=30 READ_CLIENTS=50 OPEN_CLIENTS=200
# ACCOUNTS=20 MARKET=ETH-USD RATE_LIMIT=1000000 KEEP=0.
set -euo pipefail

READ_SECONDS=${READ_SECONDS:-20}
OPEN_SECONDS=${OPEN_SECONDS:-30}
READ_CLIENTS=${READ_CLIENTS:-50}
OPEN_CLIENTS=${OPEN_CLIENTS:-200}
ACCOUNTS=${ACCOUNTS:-20}
MARKET=${MARKET:-ETH-USD}
RATE_LIMIT=${RATE_LIMIT:-1000000}
KEEP=${KEEP:-0}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
for tool in dotnet hey curl; do
    command -v "$tool" > /dev/null || { echo "http-load: $tool is missing" >&2; exit 2; }
done
if (( OPEN_CLIENTS % ACCOUNTS != 0 )); then
    echo "http-load: OPEN_CLIENTS ($OPEN_CLIENTS) must be a multiple of ACCOUNTS ($ACCOUNTS)" >&2; exit 2
fi

WORK=$(mktemp -d /tmp/http-load.XXXXXX)
NODE=
stop_node() {
    [[ -n $NODE ]] && kill -0 "$NODE" 2> /dev/null || return 0
    kill -TERM "$NODE"
    for _ in $(seq 60); do kill -0 "$NODE" 2> /dev/null || break; sleep 0.5; done
    kill -0 "$NODE" 2> /dev/null && { echo "http-load: the node did not stop in 30 s; killed" >&2; kill -KILL "$NODE"; }
    wait "$NODE" 2> /dev/null || true
    NODE=
}
finish() {
    local rc=$?
    stop_node
    if (( rc != 0 )); then
        echo "http-load: failed (exit $rc); the node's log ends:" >&2
        tail -n 40 "$WORK/node.log" >&2 2> /dev/null || true
        echo "http-load: kept $WORK" >&2
    elif [[ $KEEP == 1 ]]; then
        echo "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap finish EXIT

stamp() { echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"; }
fail() { echo "http-load: $*" >&2; exit 1; }

echo "build: src/Host, Release, into $WORK/bin"
nice -n 10 dotnet build "$ROOT/src/Host" -c Release -o "$WORK/bin" -nologo -v q > "$WORK/build.log" 2>&1 \
    || { tail -n 20 "$WORK/build.log" >&2; fail "the build failed"; }

mkdir -p "$WORK/data"
(cd "$WORK" && LEVERAGE_Api__RequestsPerSecondPerClient=$RATE_LIMIT LEVERAGE_Api__AccountsPerMinutePerClient=$RATE_LIMIT \
    exec dotnet bin/LeverageActors.Host.dll node --port 0 --api-url http://127.0.0.1:0 --data-dir "$WORK/data") \
    > "$WORK/node.log" 2>&1 &
NODE=$!

API=
for _ in $(seq 240); do
    kill -0 "$NODE" 2> /dev/null || fail "the node exited"
    API=$(grep -oE 'HTTP API listening on "?http://127\.0\.0\.1:[0-9]+' "$WORK/node.log" | grep -oE 'http://.*' | head -n 1 || true)
    [[ -n $API && $API != *:0 ]] && curl -sf "$API/health" > /dev/null && break
    API=
    sleep 0.5
done
[[ -n $API ]] || fail "no healthy node after 120 s"
for _ in $(seq 120); do
    curl -sf "$API/markets/$MARKET" | grep -q '"stale":false' && break
    sleep 0.5
done
curl -sf "$API/markets/$MARKET" | grep -q '"stale":false' || fail "no fresh price on $MARKET after 60 s"
echo "node: $API (pid $NODE), journal $WORK/data/leverage.db"

JSON="Content-Type: application/json"
# Prints "id key" of a new account funded with $1.
new_account() {
    local created id key
    created=$(curl -sf -X POST "$API/accounts")
    id=$(sed -E 's/.*"accountId":"([^"]+)".*/\1/' <<< "$created")
    key=$(sed -E 's/.*"apiKey":"([^"]+)".*/\1/' <<< "$created")
    curl -sf -X POST "$API/accounts/$id/deposits" -H "Authorization: Bearer $key" -H "$JSON" \
        -d "{\"amount\": $1}" > /dev/null || fail "deposit into $id refused"
    echo "$id $key"
}

read -r LP LP_KEY < <(new_account 100000000000)
curl -sf -X POST "$API/pools/$MARKET/deposits" -H "Authorization: Bearer $LP_KEY" -H "$JSON" \
    -d '{"amount": 90000000000}' > /dev/null || fail "the LP's deposit into pool $MARKET was refused"
KEYS=()
for _ in $(seq "$ACCOUNTS"); do
    read -r _ key < <(new_account 1000000000)
    KEYS+=("$key")
done
echo "accounts: 1 LP (90,000,000,000 in pool $MARKET), $ACCOUNTS traders (1,000,000,000 each)"

# The node's own count (a Prometheus counter summed over its series), of the series with every label given.
metric() {
    curl -sf "$API/metrics" | awk -v name="$1{" -v labels="${2:-}" '
        index($0, name) == 1 {
            n = split(labels, want, " "); for (i = 1; i <= n; i++) if (!index($0, want[i])) next
            s += $NF
        }
        END { printf "%d\n", s }'
}
node_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$NODE/stat"; }

# p50, p99, max in ms, and "status:count ..." of hey's CSV rows (response time in seconds, status 7th).
csv_stats() {
    awk -F, 'NR > 1 && $1 != "response-time" { print $1 * 1000, $7 }' "$@" | sort -n -k1,1 | awk '
        { t[NR] = $1; s[$2]++ }
        END {
            if (NR == 0) { print "0 - - - none"; exit }
            p50 = t[int((NR * 50 + 99) / 100)]; p99 = t[int((NR * 99 + 99) / 100)]
            line = ""; for (k in s) line = line k ":" s[k] " "
            printf "%d %.1f %.1f %.1f %s\n", NR, p50, p99, t[NR], line
        }'
}

echo
echo "read phase: $(stamp)"
hey -z "${READ_SECONDS}s" -c "$READ_CLIENTS" -t 30 "$API/markets/$MARKET" > "$WORK/read.txt"
echo "read phase done: $(stamp)"
READ_RPS=$(awk '/Requests\/sec:/ { printf "%.1f", $2 }' "$WORK/read.txt")
READ_P50=$(awk '/ 50% in / { printf "%.1f", $3 * 1000 }' "$WORK/read.txt")
READ_P99=$(awk '/ 99% in / { printf "%.1f", $3 * 1000 }' "$WORK/read.txt")
READ_MAX=$(awk '/Slowest:/ { printf "%.1f", $2 * 1000 }' "$WORK/read.txt")
READ_STATUSES=$(awk '/^  \[[0-9]+\]/ && status { gsub(/[][]/, "", $1); printf "%s:%s ", $1, $2 } /Status code distribution/ { status = 1 } /Error distribution/ { status = 0 }' "$WORK/read.txt")
READ_OK=$(awk '/^  \[200\]/ && status { print $2 } /Status code distribution/ { status = 1 } /Error distribution/ { status = 0 }' "$WORK/read.txt")
READ_ALL=$(awk '/^  \[[0-9]+\]/ && status { n += $2 } /Status code distribution/ { status = 1 } /Error distribution/ { status = 0 } END { print n + 0 }' "$WORK/read.txt")
READ_TRANSPORT=$(awk '/^  \[[0-9]+\]/ && errors { n += substr($1, 2) } /Error distribution/ { errors = 1 } END { print n + 0 }' "$WORK/read.txt")

BODY="$WORK/open.json"
echo "{\"market\": \"$MARKET\", \"side\": \"long\", \"collateral\": 100, \"leverage\": 5, \"isolated\": true}" > "$BODY"
PER_ACCOUNT=$(( OPEN_CLIENTS / ACCOUNTS ))
OPENED_BEFORE=$(metric leverage_positions_opened_total)
ANSWERED_BEFORE=$(metric leverage_api_requests_total 'method="POST" route="/positions"')
CPU_BEFORE=$(node_cpu_ticks)
echo "open phase: $(stamp)"
START=$(date +%s.%N)
PIDS=()
for i in "${!KEYS[@]}"; do
    hey -z "${OPEN_SECONDS}s" -c "$PER_ACCOUNT" -t 30 -m POST -T "application/json" -D "$BODY" \
        -H "Authorization: Bearer ${KEYS[$i]}" -o csv "$API/positions" > "$WORK/open-$i.csv" &
    PIDS+=($!)
done
for pid in "${PIDS[@]}"; do wait "$pid"; done
ELAPSED=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
CPU_AFTER=$(node_cpu_ticks)
echo "open phase done: $(stamp)"
sleep 2 # the last opens' counters: an open answers before its account's last step is written
OPENED=$(( $(metric leverage_positions_opened_total) - OPENED_BEFORE ))
ANSWERED=$(( $(metric leverage_api_requests_total 'method="POST" route="/positions"') - ANSWERED_BEFORE ))
read -r OPEN_N OPEN_P50 OPEN_P99 OPEN_MAX OPEN_STATUSES < <(csv_stats "$WORK"/open-*.csv)
OPEN_OK=$(tr ' ' '\n' <<< "$OPEN_STATUSES" | awk -F: '$1 == 201 { print $2 }')
OPEN_OK=${OPEN_OK:-0}
CPU_MS=$(awk -v t=$(( CPU_AFTER - CPU_BEFORE )) -v hz="$(getconf CLK_TCK)" -v n="$OPEN_OK" \
    'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')

echo
echo "| phase | clients | duration | answered | requests/s | p50 | p99 | slowest | statuses | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
echo "| GET /markets/$MARKET | $READ_CLIENTS | ${READ_SECONDS} s | $READ_ALL | $READ_RPS | $READ_P50 ms | $READ_P99 ms | $READ_MAX ms | ${READ_STATUSES% } | $(( READ_ALL - ${READ_OK:-0} )) non-200, $READ_TRANSPORT without answer |"
echo "| POST /positions (opens) | $OPEN_CLIENTS ($ACCOUNTS accounts × $PER_ACCOUNT) | ${OPEN_SECONDS} s ($ELAPSED s wall) | $OPEN_N | $(awk -v n="$OPEN_N" -v s="$ELAPSED" 'BEGIN { printf "%.1f", n / s }') | $OPEN_P50 ms | $OPEN_P99 ms | $OPEN_MAX ms | ${OPEN_STATUSES% } | $(( OPEN_N - OPEN_OK )) non-201, $(( ANSWERED > OPEN_N ? ANSWERED - OPEN_N : 0 )) without answer |"
echo
echo "opens: $OPEN_OK answered 201 ($(awk -v n="$OPEN_OK" -v s="$ELAPSED" 'BEGIN { printf "%.1f", n / s }')/s); the node counted $OPENED positions opened and $ANSWERED answers to POST /positions; CPU of the node's process $CPU_MS ms per open (both cores)"
stop_node
echo "node's log: $(wc -l < "$WORK/node.log") lines (one per request answered), $(grep -cE '^\[[0-9:.]+ (WRN|ERR|FTL)\]' "$WORK/node.log" || true) warnings or errors; the first ones:"
grep -E '^\[[0-9:.]+ (WRN|ERR|FTL)\]' "$WORK/node.log" | cut -c1-240 | head -n 5 || true
echo "node stopped: $(stamp)"
