#!/usr/bin/env bash
# Runs moto's server mode (a local emulation of AWS APIs, from PyPI) on 127.0.0.1 for the tests.
# scripts/venv.sh creates the Python virtual environment in .venv on first use.
#
# Usage: scripts/moto/server.sh start|stop|status|venv
# Environment:
#   MOTO_PORT             listen port (default 5055)
#   MOTO_START_TIMEOUT_S  how long start waits for the listener (default 60)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv="$root/.venv"
port=${MOTO_PORT:-5055}
run_dir="$root/.cache/moto"
pid_file="$run_dir/moto-$port.pid"
start_timeout_s=${MOTO_START_TIMEOUT_S:-60}

log() { printf 'moto-server: %s\n' "$*" >&2; }

ensure_venv() { "$root/scripts/venv.sh"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
is_running() { [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

start() {
  if is_running; then
    log "already running on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    log "port $port on 127.0.0.1 is taken by another process: set MOTO_PORT to a free port"
    exit 1
  fi
  ensure_venv
  mkdir -p "$run_dir"
  nohup "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$run_dir/moto-$port.log" 2>&1 &
  echo $! >"$pid_file"
  local waited=0
  until port_open "$port"; do
    if ! is_running; then
      log "moto exited during start-up; see $run_dir/moto-$port.log"
      exit 1
    fi
    if ((waited >= start_timeout_s * 2)); then
      log "moto did not listen on 127.0.0.1:$port within ${start_timeout_s}s"
      stop
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  log "moto running on http://127.0.0.1:$port"
}

stop() {
  if is_running; then
    kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
    log "stopped moto on 127.0.0.1:$port"
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 3; fi ;;
  venv) ensure_venv ;;
  *) echo "usage: $0 start|stop|status|venv" >&2; exit 2 ;;
esac
