# Source after lib/service.sh: start_kafka starts a standalone Kafka broker (KRaft, broker and
# controller in one process) from the Maven Central jars, listening on 127.0.0.1 only, and sets
# KAFKA_BOOTSTRAP; it is stopped by its PID on exit (stop_kafka, called from the EXIT trap).
#
# Environment: BENCH_KAFKA_VERSION (4.2.1), BENCH_KAFKA_HEAP (1g).

KAFKA_VERSION="${BENCH_KAFKA_VERSION:-4.2.1}"
KAFKA_PID=""

# The broker's classpath, resolved once with the project's Maven wrapper and kept in bench/out/.
kafka_classpath() {
  local dir="$ROOT/bench/out/.kafka-$KAFKA_VERSION"
  if [[ ! -s "$dir/classpath.txt" ]]; then
    mkdir -p "$dir"
    cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <!-- Kafka's own slf4j-api is 1.7: without 2.x here, slf4j-simple 2 is not found and nothing is logged -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
POM
    log "resolving Kafka $KAFKA_VERSION from Maven Central"
    bounded timeout 600 "$ROOT/mvnw" -q -B -f "$dir/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$dir/classpath.txt" >"$dir/resolve.log" 2>&1 \
      || die "resolving Kafka failed: $(tail -5 "$dir/resolve.log")"
  fi
  cat "$dir/classpath.txt"
}

start_kafka() {
  local cp port controller dir
  cp="$(kafka_classpath)"
  port="$(free_port)" || die "no free port for Kafka"
  controller="$(free_port)" || die "no free port for the Kafka controller"
  dir="$OUT/kafka"
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  local cluster
  cluster="$("$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  "$JAVA" -cp "$cp" kafka.tools.StorageTool format --standalone -t "$cluster" -c "$dir/server.properties" \
    >"$dir/format.log" 2>&1 || die "formatting Kafka storage failed: $(tail -5 "$dir/format.log")"
  log "starting Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$port"
  # shellcheck disable=SC2086
  "$JAVA" -Xms${BENCH_KAFKA_HEAP:-1g} -Xmx${BENCH_KAFKA_HEAP:-1g} -cp "$cp" kafka.Kafka "$dir/server.properties" \
    >"$dir/kafka.log" 2>&1 &
  KAFKA_PID=$!
  for i in $(seq 1 120); do
    kill -0 "$KAFKA_PID" 2>/dev/null || { tail -20 "$dir/kafka.log" >&2; die "Kafka exited while starting"; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    [[ $i -eq 120 ]] && { tail -20 "$dir/kafka.log" >&2; die "Kafka not started after 60 s"; }
    sleep 0.5
  done
  KAFKA_BOOTSTRAP="127.0.0.1:$port"
}

stop_kafka() {
  [[ -n "$KAFKA_PID" ]] || return 0
  if kill -0 "$KAFKA_PID" 2>/dev/null; then
    log "stopping Kafka (pid $KAFKA_PID)"
    kill -TERM "$KAFKA_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$KAFKA_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$KAFKA_PID" 2>/dev/null && kill -KILL "$KAFKA_PID" 2>/dev/null || true
  fi
  wait "$KAFKA_PID" 2>/dev/null || true
  KAFKA_PID=""
}
