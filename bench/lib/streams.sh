# Sourced by bench/orders after start_service: open_streams N keeps N live dashboards open (curl on
# /ops/stream; the service is in protected mode on loopback, so no sign-in) for the rest of the run,
# and stops them by their PIDs on exit before the service stops.
STREAM_PIDS=()
open_streams() {
  local n=$1 i
  [[ "$n" -gt 0 ]] || return 0
  log "opening $n /ops streams"
  mkdir -p "$OUT/streams"
  for i in $(seq 1 "$n"); do
    # Bounded like every step: no stream outlives an hour.
    curl -sN --max-time 3600 "$BASE/ops/stream" >"$OUT/streams/$i.txt" 2>/dev/null &
    STREAM_PIDS+=("$!")
  done
  trap 'close_streams; cleanup' EXIT
}
close_streams() {
  local pid
  for pid in "${STREAM_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STREAM_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  STREAM_PIDS=()
}
# live_streams: how many streams got an event in the last 20 s (each gets a heartbeat at least every 15 s)
live_streams() {
  [[ ${#STREAM_PIDS[@]} -gt 0 ]] || { echo 0; return; }
  find "$OUT/streams" -name '*.txt' -newermt '20 seconds ago' | wc -l
}
