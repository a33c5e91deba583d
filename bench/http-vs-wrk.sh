#!/usr/bin/env bash
# Side-by-side: the loadlab runner and wrk against the same local nginx, each load generator pinned to the
# same single core (taskset), nginx on the other core. Prints requests/s for both and the ratio, then the
# runner's peak RSS with 1,000 and 10,000 concurrent VUs. Not a test: figures vary by machine.
#   bench/http-vs-wrk.sh [seconds (default 20: the JVM warms up in the first few)] [connections (default 50)]
# Needs: nginx and wrk (apt-get install nginx wrk), Java 17+, taskset. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-50}
port=18089
work=$(mktemp -d /tmp/loadlab-bench.XXXXXX)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 10,000 VUs need 10,000+ sockets

for tool in nginx wrk taskset java; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install nginx wrk)" >&2; exit 1; }
done
[ -f runner-image/target/loadlab-runner.jar ] || ./mvnw -q -B -pl runner-image -am install -DskipTests

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port reuseport backlog=16384;
    location / { return 200 "hello from nginx\n"; }
  }
}
NGINX
taskset -c 1 nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

runner() { # VUS DURATION SLEEP -> runs the runner on core 0, prints its summary JSON path
  local vus=$1 dur=$2 sleep=$3 name=$4
  cat > "$work/$name.yaml" <<YAML
apiVersion: loadlab.dev/v1alpha1
kind: LoadTest
metadata: {name: bench}
spec:
  target: http://127.0.0.1:$port
  scenarios:
    - name: bench
      load: {executor: constant-vus, vus: $vus, duration: ${dur}s, gracefulStop: 5s}
      steps: [{http: {url: /}}$( [ "$sleep" = 0 ] || echo ", {sleep: $sleep}" )]
YAML
  taskset -c 0 java ${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} -jar runner-image/target/loadlab-runner.jar \
    run --threads 1 --quiet --summary-json "$work/$name.json" "$work/$name.yaml" > "$work/$name.out" 2>&1 &
  local pid=$!
  local peak=0
  while kill -0 $pid 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    [ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.2
  done
  wait $pid || { cat "$work/$name.out" >&2; exit 1; }
  echo "$peak" > "$work/$name.rss"
}
rps_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['rps'])" "$1"; }
detail_of() { python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['summary']; print('%d requests, %d failed, p95 %.2f ms' % (d['requests'], d['failures'], d['latency']['p95']))" "$1"; }

echo "== wrk: 1 thread, $conns connections, ${secs}s, core 0"
taskset -c 0 wrk -t1 -c"$conns" -d"${secs}s" "http://127.0.0.1:$port/" | tee "$work/wrk.out"
wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")

echo "== loadlab: 1 event loop, $conns VUs, ${secs}s, core 0"
runner "$conns" "$secs" 0 throughput
ll_rps=$(rps_of "$work/throughput.json")

echo "== loadlab RSS: 1,000 and 10,000 VUs (each: GET then sleep 1s), 15s"
runner 1000 15 1s vus1k
runner 10000 15 1s vus10k

printf '\n%-34s %12s\n' "" "requests/s"
printf '%-34s %12.0f\n' "wrk (1 thread, $conns conns)" "$wrk_rps"
printf '%-34s %12.0f\n' "loadlab (1 loop, $conns VUs)" "$ll_rps"
python3 -c "import sys; print('%-34s %12.2f' % ('ratio loadlab / wrk', float(sys.argv[1]) / float(sys.argv[2])))" "$ll_rps" "$wrk_rps"
printf '%-34s %s\n' "loadlab throughput run" "$(detail_of "$work/throughput.json")"
printf '%-34s %9d MiB  (%s req/s; %s)\n' "loadlab peak RSS, 1,000 VUs" $(( $(cat "$work/vus1k.rss") / 1024 )) "$(rps_of "$work/vus1k.json")" "$(detail_of "$work/vus1k.json")"
printf '%-34s %9d MiB  (%s req/s; %s)\n' "loadlab peak RSS, 10,000 VUs" $(( $(cat "$work/vus10k.rss") / 1024 )) "$(rps_of "$work/vus10k.json")" "$(detail_of "$work/vus10k.json")"
