# Shared by the bench/* scripts: source it after setting NAME (used for the output folder).
# Starts the packaged jar with JDK 25 on a fresh PostgreSQL database, on 127.0.0.1 and a free port,
# and always stops it by its PID on exit. Provides run_wrk and helpers to read its results.
#
# Environment (all optional): BENCH_JAVA (JDK 25 java), BENCH_JAVA_OPTS, BENCH_SERVICE_ARGS,
# BENCH_DB_HOST (127.0.0.1), BENCH_DB_PORT (5432), BENCH_DB_USER (postgres), BENCH_DB_PASSWORD,
# BENCH_DB_NAME (tradepost_bench_<name>), BENCH_CONNECTIONS (64).

LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$LIB/../.." && pwd)"
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
DB_HOST="${BENCH_DB_HOST:-127.0.0.1}"
DB_PORT="${BENCH_DB_PORT:-5432}"
DB_USER="${BENCH_DB_USER:-postgres}"
DB_NAME="${BENCH_DB_NAME:-tradepost_bench_$NAME}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGPASSWORD="${BENCH_DB_PASSWORD:-}"

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -x "$JAVA" ]] || die "JDK 25 not found at $JAVA (install Temurin 25 or set BENCH_JAVA)"
"$JAVA" -version 2>&1 | grep -q 'version "2[5-9]' || die "$JAVA is not JDK 25+ (virtual threads, single-file programs)"
command -v wrk >/dev/null || die "wrk not found: install it with 'apt-get install -y wrk' (Debian/Ubuntu)"
for tool in psql pgbench curl; do
  command -v "$tool" >/dev/null || die "$tool not found: install it with 'apt-get install -y postgresql-client curl'"
done

psql_db() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -X -q -v ON_ERROR_STOP=1 "$@"; }
sql() { psql_db -d "$DB_NAME" -Atc "$1"; }
psql_db -d postgres -Atc 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER"

# CPU busy % of the whole machine over 1 s: taken while the service is idle, it shows other load.
cpu_busy() {
  local a b
  a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
  awk -v u=$(( b[1]+b[2]+b[3]+b[6]+b[7]+b[8] - a[1]-a[2]-a[3]-a[6]-a[7]-a[8] )) \
      -v t=$(( b[1]+b[2]+b[3]+b[4]+b[5]+b[6]+b[7]+b[8] - a[1]-a[2]-a[3]-a[4]-a[5]-a[6]-a[7]-a[8] )) \
      'BEGIN { printf "%.0f%%", (t > 0 ? 100 * u / t : 0) }'
}
BUSY_AT_START="$(cpu_busy)"
OUT="$ROOT/bench/out/$NAME-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
top -b -c -n 1 -w 250 2>/dev/null | head -20 >"$OUT/top-start.txt" || true
log "logs and raw outputs in $OUT"

jar() { ls "$ROOT"/target/tradepost-*.jar 2>/dev/null | grep -v -- '-plain' | head -1; }
if [[ -z "$(jar)" ]]; then
  log "no jar in $ROOT/target: building it (./mvnw -q -B package -DskipTests)"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "build failed"
fi
JAR="$(jar)"
[[ -n "$JAR" ]] || die "build produced no jar"

log "recreating database $DB_NAME"
psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
psql_db -d postgres -c "CREATE DATABASE $DB_NAME"

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
PORT="$(free_port)" || die "no free port found"
BASE="http://127.0.0.1:$PORT"

SERVICE_PID=""
stop_service() {
  [[ -n "$SERVICE_PID" ]] || return 0
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
      log "service still running after 40 s: killing it"
      kill -KILL "$SERVICE_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}
# Long steps run in the background and are waited for, so Ctrl-C/TERM act at once; cleanup ends them.
CHILD=""
bounded() { "$@" & CHILD=$!; local rc=0; wait "$CHILD" || rc=$?; CHILD=""; return "$rc"; }
cleanup() {
  if [[ -n "$CHILD" ]]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi
  stop_service
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# BENCH_KEYS=1: the run with keys required. Before the service starts, the jar's keys command creates
# one key (every scope, a rate far above any load here) and every request sends it: curl through the
# function below, wrk through lib/*.lua, the Java clients through BENCH_API_KEY.
if [[ "${BENCH_KEYS:-0}" == 1 ]]; then
  log "creating an API key (keys required for this run)"
  BENCH_API_KEY="$(env TRADEPOST_DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" \
    TRADEPOST_DB_USER="$DB_USER" TRADEPOST_DB_PASSWORD="$PGPASSWORD" \
    "$JAVA" -jar "$JAR" keys create --name bench --scopes admin --rate 100000000/s 2>>"$OUT/keys.log" | tail -1)" \
    || die "keys create failed: $(tail -5 "$OUT/keys.log")"
  [[ "$BENCH_API_KEY" == tp_* ]] || die "keys create printed no key: $(tail -5 "$OUT/keys.log")"
  export BENCH_API_KEY
  curl() { command curl -H "Authorization: Bearer $BENCH_API_KEY" "$@"; }
fi

# start_service [extra service args...]: starts the jar and waits for a healthy /health
start_service() {
  log "starting $(basename "$JAR") with $("$JAVA" -version 2>&1 | head -1) on 127.0.0.1:$PORT"
  (
    cd "$OUT"
    # shellcheck disable=SC2086
    exec env PORT="$PORT" \
      TRADEPOST_DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" \
      TRADEPOST_DB_USER="$DB_USER" TRADEPOST_DB_PASSWORD="$PGPASSWORD" \
      "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 ${BENCH_SERVICE_ARGS:-} "$@"
  ) >>"$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  for i in $(seq 1 240); do
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -40 "$OUT/service.log" >&2; die "the service exited while starting"; }
    if curl -fsS --max-time 2 "$BASE/health" >/dev/null 2>&1; then log "service healthy"; return 0; fi
    [[ $i -eq 240 ]] && { tail -40 "$OUT/service.log" >&2; die "no healthy /health after 120 s"; }
    sleep 0.5
  done
}

# run_wrk NAME SECONDS SCRIPT ARGS...: bounded wrk run against the service; raw output in $OUT/NAME.wrk
run_wrk() {
  local name=$1 seconds=$2 script=$3; shift 3
  bounded timeout $(( seconds + 60 )) wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
    -s "$LIB/$script" "$BASE" -- "$@" >"$OUT/$name.wrk" 2>&1 || die "wrk $name failed: $(tail -5 "$OUT/$name.wrk")"
}
# value NAME KEY: a "BENCH KEY VALUE" line of a wrk run (0 when absent)
value() { awk -v k="$2" '$1 == "BENCH" && $2 == k { print $3; found = 1 } END { if (!found) print 0 }' "$OUT/$1.wrk"; }
non2xx() { awk '$1 == "BENCH" && $2 ~ /^status_/ { s = substr($2, 8) + 0; if (s < 200 || s > 299) n += $3 } END { print n + 0 }' "$OUT/$1.wrk"; }
fivexx() { status_count "$1" 500 599; }
status_count() { awk -v lo="$2" -v hi="$3" '$1 == "BENCH" && $2 ~ /^status_/ { s = substr($2, 8) + 0; if (s >= lo && s <= hi) n += $3 } END { print n + 0 }' "$OUT/$1.wrk"; }
per_s() { awk -v n="$1" -v us="$2" 'BEGIN { printf "%.0f", (us > 0 ? n * 1e6 / us : 0) }'; }
ms() { awk -v us="$1" 'BEGIN { printf (us < 10000 ? "%.1f" : "%.0f"), us / 1000 }'; }
num() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
