#!/usr/bin/env bash
# Side-by-side: the loadlab runner speaking HTTP/1.1 and HTTP/2 (h2c, prior knowledge) to the same local nginx,
# pinned to the same single core (taskset), nginx on the other core. Prints requests/s and p95 for both and the
# ratio. Not a test: figures vary by machine.
#   bench/http2-vs-http1.sh [seconds (default 20)] [VUs (default 50)]
# Needs: nginx (apt-get install nginx; its http2 module serves h2c with prior knowledge), Java 17+, taskset.
# Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
vus=${2:-50}
h1=18091
h2=18092
work=$(mktemp -d /tmp/loadlab-bench.XXXXXX)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in nginx taskset java python3; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install nginx)" >&2; exit 1; }
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
    listen 127.0.0.1:$h1;
    location / { return 200 "hello from nginx\n"; }
  }
  server {
    listen 127.0.0.1:$h2 http2;
    location / { return 200 "hello from nginx\n"; }
  }
}
NGINX
taskset -c 1 nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

run() { # PORT VERSION NAME: the runner on core 0, one event loop
  cat > "$work/$3.yaml" <<YAML
apiVersion: loadlab.dev/v1alpha1
kind: LoadTest
metadata: {name: bench}
spec:
  target: http://127.0.0.1:$1
  httpVersion: "$2"
  scenarios:
    - name: bench
      load: {executor: constant-vus, vus: $vus, duration: ${secs}s, gracefulStop: 5s}
      steps: [{http: {url: /, checks: [{name: protocol, expr: "response.protocol == 'HTTP/$2'"}]}}]
YAML
  taskset -c 0 java ${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} -jar runner-image/target/loadlab-runner.jar \
    run --threads 1 --quiet --summary-json "$work/$3.json" "$work/$3.yaml" > "$work/$3.out" 2>&1 \
    || { cat "$work/$3.out" >&2; exit 1; }
}
figures() { python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d['summary']
print('%.0f %d %d %.2f' % (s['rps'], s['requests'], s['failures'], s['latency']['p95']))
PY
}

echo "== loadlab HTTP/1.1: 1 event loop, $vus VUs, ${secs}s, core 0"
run $h1 1.1 http1
echo "== loadlab HTTP/2 (h2c): 1 event loop, $vus VUs (a connection each), ${secs}s, core 0"
run $h2 2 http2
read -r rps1 n1 f1 p1 <<<"$(figures "$work/http1.json")"
read -r rps2 n2 f2 p2 <<<"$(figures "$work/http2.json")"
grep -q "✓ protocol" "$work/http2.out" || { echo "the HTTP/2 run did not speak HTTP/2:" >&2; cat "$work/http2.out" >&2; exit 1; }

printf '\n%-30s %12s %12s %10s %10s\n' "" "requests/s" "requests" "failed" "p95 ms"
printf '%-30s %12s %12s %10s %10s\n' "loadlab HTTP/1.1" "$rps1" "$n1" "$f1" "$p1"
printf '%-30s %12s %12s %10s %10s\n' "loadlab HTTP/2 (h2c)" "$rps2" "$n2" "$f2" "$p2"
python3 -c "import sys; print('%-30s %12.2f' % ('ratio HTTP/2 / HTTP/1.1', float(sys.argv[1]) / float(sys.argv[2])))" "$rps2" "$rps1"
