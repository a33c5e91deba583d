#!/usr/bin/env bash
# Side-by-side: the loadlab runner calling the demo target's unary gRPC method (loadlab.demo.v1.Inventory/GetItem)
# and fetching one of its products over HTTP/1.1 and HTTP/2 (h2c), the runner pinned to core 0 with one event loop,
# the demo target (its own JVM, one event loop) on core 1. Prints calls or requests per second, p95, and the runner's
# CPU time per 1,000 calls (user + system of its JVM, start-up included), and the ratios to HTTP/1.1. Not a test:
# figures vary by machine; the demo target, not the runner, may set the ceiling of all three.
# The three take turns, round after round, so a noisy machine weighs on all of them alike; each round's ratios count,
# not one tool's figure from another moment. A run the runner judged saturated (exit 97) is marked, not dropped.
#   bench/grpc-vs-http.sh [seconds (default 20)] [VUs (default 50)] [rounds (default 2)]
# Needs: Java 17+, taskset, python3, GNU time (/usr/bin/time). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
vus=${2:-50}
rounds=${3:-2}
port=18093
grpc=18094
work=$(mktemp -d /tmp/loadlab-bench.XXXXXX)
jar=runner-image/target/loadlab-runner.jar
trap 'kill $demo 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in taskset java python3 /usr/bin/time; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install time util-linux python3)" >&2; exit 1; }
done
[ -f $jar ] || ./mvnw -q -B -pl runner-image -am install -DskipTests

taskset -c 1 java -Xmx512m -jar $jar demo-target --port $port --grpc-port $grpc > "$work/demo.log" 2>&1 &
demo=$!
for _ in $(seq 50); do grep -q "listening" "$work/demo.log" && break; sleep 0.2; done

run() { # NAME STEP: the runner on core 0, one event loop
  cat > "$work/$1.yaml" <<YAML
apiVersion: loadlab.dev/v1alpha1
kind: LoadTest
metadata: {name: bench}
spec:
  target: http://127.0.0.1:$port
  scenarios:
    - name: bench
      load: {executor: constant-vus, vus: $vus, duration: ${secs}s, gracefulStop: 5s}
      steps: [$2]
YAML
  local code=0
  /usr/bin/time -f "%U %S" -o "$work/$1.cpu" taskset -c 0 java ${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} -jar $jar \
    run --threads 1 --quiet --summary-json "$work/$1.json" "$work/$1.yaml" > "$work/$1.out" 2>&1 || code=$?
  # 97: the runner says it was saturated (its figures then include its own delay); 99: a threshold failed
  [ $code = 0 ] || [ $code = 97 ] || [ $code = 99 ] || { cat "$work/$1.out" >&2; exit 1; }
  echo $code > "$work/$1.code"
}
figures() { python3 - "$work/$1.json" "$work/$1.cpu" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))['summary']
user, system = map(float, open(sys.argv[2]).read().split()[-2:])
print('%.0f %d %d %.2f %.1f' % (s['rps'], s['requests'], s['failures'], s['latency']['p95'],
                               (user + system) * 1e6 / max(1, s['requests'])))
PY
}

echo "== HTTP/1.1, HTTP/2 (h2c) and gRPC against the demo target: 1 event loop, $vus VUs, ${secs}s each, core 0"
printf '\n%-6s %-14s %12s %10s %8s %10s %16s\n' "round" "" "per second" "calls" "failed" "p95 ms" "CPU ms / 1000"
for round in $(seq $rounds); do
  run http1 "{http: {url: /products/1}}"
  run http2 "{http: {url: /products/1, httpVersion: '2'}}"
  run grpc "{grpc: {target: 'grpc://127.0.0.1:$grpc', method: loadlab.demo.v1.Inventory/GetItem, message: {sku: a}}}"
  for name in http1 http2 grpc; do
    read -r rps n f p cpu <<<"$(figures $name)"
    eval "rps_$name=$rps"
    label=$( [ $name = http1 ] && echo "HTTP/1.1" || ([ $name = http2 ] && echo "HTTP/2 (h2c)" || echo "gRPC unary"))
    [ "$(cat "$work/$name.code")" = 97 ] && label="$label ⚠"
    printf '%-6s %-14s %12s %10s %8s %10s %16s\n' "$round" "$label" "$rps" "$n" "$f" "$p" "$cpu"
  done
  python3 -c "import sys; h=float(sys.argv[1]); print('%-6s ratio to HTTP/1.1: HTTP/2 %.2f, gRPC %.2f' % (sys.argv[4], float(sys.argv[2])/h, float(sys.argv[3])/h))" \
    "$rps_http1" "$rps_http2" "$rps_grpc" "$round"
done
echo "(⚠: the runner judged itself saturated in that run: event-loop lag past 200 ms)"
