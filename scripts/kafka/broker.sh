#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker (KRaft, combined broker and controller) on 127.0.0.1
# without Docker. The release is resolved from Maven Central with Maven into .cache/kafka, which
# git ignores, so the second run starts without downloading.
#
# Usage: scripts/kafka/broker.sh start|stop|status|fetch
# Environment:
#   KAFKA_PORT            client listener port (default 9092)
#   KAFKA_CONTROLLER_PORT controller listener port (default KAFKA_PORT + 1)
#   KAFKA_DATA_DIR        log and state folder (default .cache/kafka/run-<port>)
#   KAFKA_HEAP            JVM heap options (default "-Xms256m -Xmx768m")
#   KAFKA_START_TIMEOUT_S how long start waits for the listener (default 90)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pom="$root/scripts/kafka/pom.xml"
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
cache="$root/.cache/kafka"
libs="$cache/$version/libs"
data_dir=${KAFKA_DATA_DIR:-$cache/run-$port}
pid_file="$data_dir/broker.pid"
start_timeout_s=${KAFKA_START_TIMEOUT_S:-90}

log() { printf 'kafka-broker: %s\n' "$*" >&2; }

fetch() {
  if [[ -f "$libs/.complete" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || { log "mvn not found: install Maven 3.8 or later and retry"; exit 1; }
  command -v java >/dev/null || { log "java not found: install Java 17 and retry"; exit 1; }
  log "resolving Apache Kafka $version from Maven Central into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs"
  touch "$libs/.complete"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_running() { [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

write_config() {
  mkdir -p "$data_dir/logs"
  cat >"$data_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir/logs
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.backoff.ms=1000
PROPS
  cat >"$data_dir/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$data_dir/broker.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
}

java_cmd() {
  # shellcheck disable=SC2086
  java ${KAFKA_HEAP:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$data_dir/log4j.properties" -cp "$libs/*" "$@"
}

start() {
  if is_running; then
    log "already running on 127.0.0.1:$port (pid $(cat "$pid_file"))"
    return 0
  fi
  if port_open "$port"; then
    log "port $port on 127.0.0.1 is taken by another process: set KAFKA_PORT to a free port"
    exit 1
  fi
  fetch
  write_config
  if [[ ! -f "$data_dir/logs/meta.properties" ]]; then
    java_cmd kafka.tools.StorageTool format -t "$(java_cmd kafka.tools.StorageTool random-uuid)" \
      -c "$data_dir/server.properties" >/dev/null
  fi
  nohup java ${KAFKA_HEAP:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$data_dir/log4j.properties" -cp "$libs/*" \
    kafka.Kafka "$data_dir/server.properties" >"$data_dir/stdout.log" 2>&1 &
  echo $! >"$pid_file"
  local waited=0
  until port_open "$port"; do
    if ! is_running; then
      log "broker exited during start-up; see $data_dir/broker.log and $data_dir/stdout.log"
      tail -n 20 "$data_dir/stdout.log" >&2 || true
      exit 1
    fi
    if ((waited >= start_timeout_s * 2)); then
      log "broker did not accept connections on 127.0.0.1:$port within ${start_timeout_s}s"
      stop
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  log "Apache Kafka $version running on 127.0.0.1:$port (pid $(cat "$pid_file"), data in $data_dir)"
}

stop() {
  if ! is_running; then
    rm -f "$pid_file"
    return 0
  fi
  local pid
  pid=$(cat "$pid_file")
  kill -TERM "$pid"
  # A controlled shutdown of a single node takes a few seconds; after 30 s the broker is killed.
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker pid $pid did not stop within 30s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  log "stopped broker on 127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 3; fi ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|status|fetch" >&2; exit 2 ;;
esac
