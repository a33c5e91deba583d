#!/usr/bin/env bash
# Side by side on one core: loadlab, wrk, Hyperfoil, Gatling and autocannon against the same local nginx. Each load
# generator is pinned to core 0 with one thread / event loop; nginx has one worker on core 1. Three workloads:
#   1. closed model: 50 connections looping GET / for SECS (default 60): req/s, p99, CPU, peak RSS, ratios;
#   2. fixed rate: RATE GET/s (default 30,000) for 20 s, open model where the tool has one: CPU time per request;
#   3. 10,000 VUs each doing GET / then a 1 s pause for 20 s (ideal 10,000 req/s): share of ideal, p99, peak RSS;
#   4. loadlab alone: a JSON answer read by 4 CEL metrics (an LLM call's tokens and cost) beside the plain request;
#   5. loadlab alone: constant-arrival-rate 20,000 iterations/s for 60 s: the share dropped.
# Peers are set up here, nothing by hand: Hyperfoil 0.25.2 and Gatling 3.13 through Maven (bench/peers/*/pom.xml,
# run in-process), autocannon 9 through npm (into bench/peers/target). Not a test: figures vary by machine; compare
# the tools of one run, and their ratios.
#   bench/peers.sh [SECS (60)] [RATE (30000)] [TOOLS (loadlab,wrk,hyperfoil,gatling,autocannon)]
#   BENCH_WORKLOADS=closed,short,rate,think,cel picks the workloads (default all).
#   BENCH_JFR=DIR also records a JFR profile of each loadlab run into DIR (jfr print --events jdk.ExecutionSample ...).
# Needs: nginx, wrk, time (apt-get install nginx wrk time), node and npm (apt-get install nodejs npm), Java 17+,
# taskset, python3. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
rate=${2:-30000}
tools=${3:-loadlab,wrk,hyperfoil,gatling,autocannon}
conns=50
vus=10000
think_secs=${BENCH_THINK_SECS:-20}
port=18089
url="http://127.0.0.1:$port"
jvm=${BENCH_JAVA_OPTS:--Xmx1g}
work=$(mktemp -d /tmp/loadlab-peers.XXXXXX)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # 10,000 VUs need 10,000+ sockets (the hard limit here is 20,000)
workloads=${BENCH_WORKLOADS:-closed,short,rate,think,cel,open20k}
has() { [[ ",$tools," == *",$1,"* ]]; }
wants() { [[ ",$workloads," == *",$1,"* ]]; }

for tool in nginx taskset java python3; do
  command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }
if has wrk && ! command -v wrk >/dev/null; then echo "missing wrk (apt-get install wrk)" >&2; exit 1; fi
if has autocannon && ! command -v npm >/dev/null; then echo "missing npm (apt-get install nodejs npm)" >&2; exit 1; fi

# --- set-up: the runner jar, the Java peers, autocannon ---------------------------------------------------------------
[ -f runner-image/target/loadlab-runner.jar ] || ./mvnw -q -B -pl runner-image -am install -DskipTests
for peer in hyperfoil gatling; do
  if has $peer && { [ ! -f bench/peers/$peer/target/cp.txt ] || [ -n "$(find bench/peers/$peer/src bench/peers/$peer/pom.xml -newer bench/peers/$peer/target/cp.txt)" ]; }; then
    ./mvnw -q -B -f bench/peers/$peer/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
  fi
done
ac=bench/peers/target/autocannon/node_modules/.bin/autocannon
if has autocannon && [ ! -x $ac ]; then
  npm install --silent --no-audit --no-fund --prefix bench/peers/target/autocannon autocannon@9.0.0 >/dev/null
fi
cp_of() { echo "bench/peers/$1/target/classes:$(cat bench/peers/$1/target/cp.txt)"; }

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
worker_rlimit_nofile 20000;
events { worker_connections 15000; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port reuseport backlog=16384;
    location / { return 200 "hello from nginx\n"; }
    location /llm {
      default_type application/json;
      return 200 '{"id":"c1","model":"demo","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Load testing keeps the promises a service makes."}}],"usage":{"prompt_tokens":12,"completion_tokens":40,"total_tokens":52}}';
    }
  }
}
NGINX
taskset -c 1 nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

# measure NAME CMD...: runs CMD on core 0; NAME.time gets "elapsed user system maxRSS(KiB)", NAME.out its output.
measure() {
  local name=$1
  shift
  echo "   $name ..." >&2
  local rc=0
  taskset -c 0 /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" > "$work/$name.out" 2>&1 || rc=$?
  # loadlab exits 97 when it judges its own runner saturated (the figures stand, the verdict is Inconclusive)
  if [ $rc -ne 0 ] && [ $rc -ne 97 ]; then echo "$name failed ($rc):" >&2; tail -20 "$work/$name.out" >&2; fi
  if [ $rc -eq 97 ]; then echo "   ($name: saturated, by its own judgement: $(grep -o 'runner local: [^.]*' "$work/$name.out" | head -1))" >&2; fi
  return 0
}

# --- the workloads, one function per tool and mode (closed | rate | think) ---------------------------------------------
loadlab() { # MODE NAME
  local load steps=" [{http: {url: /}}]" dur=$secs
  case $1 in
    closed) load="{executor: constant-vus, vus: $conns, duration: ${secs}s, gracefulStop: 5s}" ;;
    short) dur=15; load="{executor: constant-vus, vus: $conns, duration: 15s, gracefulStop: 5s}" ;;
    rate) dur=20; load="{executor: constant-arrival-rate, rate: $rate, timeUnit: 1s, duration: 20s, preAllocatedVUs: 200, maxVUs: 1000}" ;;
    think) dur=$think_secs; load="{executor: constant-vus, vus: $vus, duration: ${think_secs}s, gracefulStop: 5s}"
      steps=" [{http: {url: /}}, {sleep: 1s}]" ;;
    open20k) dur=60; load="{executor: constant-arrival-rate, rate: 20000, timeUnit: 1s, duration: 60s, preAllocatedVUs: 200, maxVUs: 2000}" ;;
    plain) dur=20; load="{executor: constant-vus, vus: $conns, duration: 20s, gracefulStop: 5s}"; steps=" [{http: {url: /llm}}]" ;;
    cel) dur=20; load="{executor: constant-vus, vus: $conns, duration: 20s, gracefulStop: 5s}"
      steps=" [{http: {url: /llm, metrics: [{name: llm_prompt_tokens, type: counter, units: tokens, value: response.json.usage.prompt_tokens},
        {name: llm_completion_tokens, type: trend, value: response.json.usage.completion_tokens},
        {name: llm_cost_usd, type: trend, units: usd, value: 'double(response.json.usage.total_tokens) * 0.000002'},
        {name: llm_finish, type: histogram, key: 'response.json.choices[0].finish_reason'}]}}]" ;;
    think-ramp) dur=$think_secs # the same VUs started over the first second (ramping-vus), not all at once
      load="{executor: ramping-vus, startVUs: 0, stages: [{duration: 1s, target: $vus}, {duration: $((think_secs - 1))s, target: $vus}], gracefulRampDown: 5s, gracefulStop: 5s}"
      steps=" [{http: {url: /}}, {sleep: 1s}]" ;;
  esac
  cat > "$work/$2.yaml" <<YAML
apiVersion: loadlab.dev/v1alpha1
kind: LoadTest
metadata: {name: bench}
spec:
  target: $url
  metrics: {interval: 1s}
  scenarios:
    - name: bench
      load: $load
      steps:$steps
YAML
  local jfr=()
  [ -n "${BENCH_JFR:-}" ] && jfr=("-XX:StartFlightRecording=filename=$BENCH_JFR/loadlab-$1.jfr,settings=profile")
  measure "$2" java $jvm -XX:+UseParallelGC "${jfr[@]}" -jar runner-image/target/loadlab-runner.jar \
    run --threads 1 --quiet --summary-json "$work/$2.json" "$work/$2.yaml"
  python3 - "$work/$2.json" "$dur" > "$work/$2.result" <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
s = d['summary']
per = [i['requests'] for i in d.get('intervals', []) if i['endSeconds'] - i['startSeconds'] > 0.9]
print(s['requests'], s['requests'] / float(sys.argv[2]), s['latency'].get('p99') or 0, s['failures'], ','.join(map(str, per)) or '-',
      s.get('droppedIterations') or 0)
PY
}

hyperfoil() { # MODE NAME
  local phase conns_=$conns dur=$secs
  case $1 in
    closed) phase="always: {users: $conns, duration: ${secs}s, scenario: [{test: [{httpRequest: {GET: /}}]}]}" ;;
    short) dur=15; phase="always: {users: $conns, duration: 15s, scenario: [{test: [{httpRequest: {GET: /}}]}]}" ;;
    rate) dur=20; conns_=200
      phase="constantRate: {usersPerSec: $rate, maxSessions: 1000, duration: 20s, scenario: [{test: [{httpRequest: {GET: /}}]}]}" ;;
    think) dur=$think_secs; conns_=$vus
      phase="always: {users: $vus, duration: ${think_secs}s, scenario: [{test: [{httpRequest: {GET: /}}, {thinkTime: {duration: 1s}}]}]}" ;;
  esac
  cat > "$work/$2.hf.yaml" <<YAML
name: bench
http: {host: "$url", sharedConnections: $conns_}
threads: 1
phases:
  - main: {$phase}
YAML
  measure "$2" java $jvm -cp "$(cp_of hyperfoil)" dev.loadlab.bench.HyperfoilPeer "$work/$2.hf.yaml" "$work/$2.json" "$dur"
  python3 - "$work/$2.json" > "$work/$2.result" <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))
print(s['requests'], s['rps'], s['p99'], s['errors'])
PY
}

gatling() { # MODE NAME
  local dur=$secs users=$conns mode=$1
  case $1 in rate) dur=20 ;; think) dur=$think_secs; users=$vus ;; short) dur=15; mode=closed ;; esac
  # Gatling deadlocks when its JVM sees one CPU: it is told it has two, with one Netty event loop
  measure "$2" java $jvm -XX:ActiveProcessorCount=2 -Dio.netty.eventLoopThreads=1 --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dgatling.data.enableAnalytics=false -Dgatling.data.console.writePeriod=60 \
    -Dpeer.url="$url" -Dpeer.mode="$mode" -Dpeer.seconds="$dur" -Dpeer.users="$users" -Dpeer.rate="$rate" \
    -cp "$(cp_of gatling)" io.gatling.app.Gatling -s dev.loadlab.bench.GatlingPeer -rf "$work/$2.gatling"
  python3 - "$work/$2.out" "$dur" > "$work/$2.result" <<'PY' || true
import re, sys
t = open(sys.argv[1]).read()
num = lambda v: 0 if v == '-' else int(v.replace(',', ''))
n = re.search(r'> request count\s+\|\s+([\d,]+) \|\s+([\d,]+) \|\s+(\S+)', t)
p99 = re.search(r'> response time 99th percentile \(ms\)\s+\|\s+([\d,]+)', t)
print(num(n.group(1)), num(n.group(1)) / float(sys.argv[2]), num(p99.group(1)) if p99 else 0, num(n.group(3)))
PY
}

wrk_() { # MODE NAME (closed and short only: wrk has no fixed rate nor think time)
  local dur=$secs
  [ "$1" = short ] && dur=15
  measure "$2" wrk -t1 -c"$conns" -d"${dur}s" --latency "$url/"
  python3 - "$work/$2.out" > "$work/$2.result" <<'PY' || true
import re, sys
t = open(sys.argv[1]).read()
def ms(v, u): return float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
n = re.search(r'(\d+) requests in', t).group(1)
rps = re.search(r'Requests/sec:\s+([\d.]+)', t).group(1)
p99 = re.search(r'99%\s+([\d.]+)(us|ms|s)\b', t)
errs = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
print(n, rps, ms(*p99.groups()), errs.group(1) if errs else 0)
PY
}

autocannon() { # MODE NAME (closed and rate: autocannon has no think time)
  local extra=() dur=$secs c=$conns
  [ "$1" = rate ] && { dur=20; c=200; extra=(--overallRate "$rate"); }
  [ "$1" = short ] && dur=15
  measure "$2" node $ac -c "$c" -d "$dur" --json "${extra[@]}" "$url/"
  python3 - "$work/$2.out" "$dur" > "$work/$2.result" <<'PY' || true
import json, sys
line = [l for l in open(sys.argv[1]) if l.startswith('{')][-1]
s = json.loads(line)
print(s['requests']['total'], s['requests']['total'] / float(sys.argv[2]), s['latency']['p99'], s['non2xx'] + s['errors'])
PY
}

run() { # TOOL MODE
  case $1 in wrk) wrk_ "$2" "$1-$2" ;; *) "$1" "$2" "$1-$2" ;; esac
}

echo "== 1. closed model: $conns connections, ${secs}s, one core each (core 0), nginx on core 1" >&2
for t in wrk hyperfoil loadlab autocannon gatling; do if has $t && wants closed; then run $t closed; fi; done
echo "== 1b. the same for 15 s: what warming up costs a short test" >&2
for t in wrk hyperfoil loadlab autocannon gatling; do if has $t && wants short; then run $t short; fi; done
echo "== 2. fixed rate: $rate req/s, 20s" >&2
for t in hyperfoil loadlab autocannon gatling; do if has $t && wants rate; then run $t rate; fi; done
echo "== 3. $vus VUs, GET then 1s pause, ${think_secs}s" >&2
for t in hyperfoil loadlab gatling; do if has $t && wants think; then run $t think; fi; done
if has loadlab && wants think; then run loadlab think-ramp; fi
echo "== 4. custom metrics: a JSON answer read by 4 CEL metrics, beside the same request without them (loadlab, 20 s)" >&2
if has loadlab && wants cel; then run loadlab plain; run loadlab cel; fi
echo "== 5. arrival rate: 20,000 iterations/s for 60 s (loadlab)" >&2
if has loadlab && wants open20k; then run loadlab open20k; fi

python3 - "$work" "$secs" "$rate" "$vus" "$think_secs" <<'PY'
import os, sys
work, secs, rate, vus, think = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def get(name):
    r, t = os.path.join(work, name + '.result'), os.path.join(work, name + '.time')
    if not os.path.exists(r) or not os.path.getsize(r) or not os.path.exists(t):
        return None
    n, rps, p99, errs, *per = open(r).read().split()
    dropped = int(per[1]) if len(per) > 1 else 0
    el, us, sy, rss = open(t).read().split()[-4:]
    return dict(n=int(n), rps=float(rps), p99=float(p99), errs=int(float(errs)), cpu=float(us) + float(sy), rss=int(rss) / 1024,
                warm=warm(per[0] if per else '-'), dropped=dropped)
def warm(series):
    """Seconds until the first whole second at 95 % of the run's median second (later seconds: the steady rate)."""
    if series == '-':
        return None
    per = [int(x) for x in series.split(',')]
    if len(per) < 8:
        return None
    steady = sorted(per[3:])[len(per[3:]) // 2]
    return next((i + 1 for i, n in enumerate(per) if n >= 0.95 * steady), None)
tools = ['loadlab', 'wrk', 'hyperfoil', 'autocannon', 'gatling']
print(f"\n1. closed model, 50 connections, {secs} s (each tool on one core)")
print(f"{'tool':<12}{'req/s':>10}{'x wrk':>8}{'x hyperfoil':>13}{'p99 ms':>9}{'errors':>8}{'CPU s':>8}{'peak RSS MiB':>14}"
      f"{'15 s req/s':>12}{'15 s / long':>13}{'full speed at':>15}")
res = {t: get(t + '-closed') for t in tools}
short = {t: get(t + '-short') for t in tools}
for t in tools:
    r = res[t]
    if r is None:
        print(f"{t:<12}{'—':>10}"); continue
    x = lambda o: f"{r['rps'] / res[o]['rps']:.2f}" if res.get(o) else '—'
    w = f"{r['warm']} s" if r['warm'] else '—'
    s15 = short.get(t)
    f15 = f"{s15['rps']:.0f}" if s15 else '—'
    r15 = f"{s15['rps'] / r['rps']:.2f}" if s15 else '—'
    print(f"{t:<12}{r['rps']:>10.0f}{x('wrk'):>8}{x('hyperfoil'):>13}{r['p99']:>9.2f}{r['errs']:>8}{r['cpu']:>8.1f}{r['rss']:>14.0f}"
          f"{f15:>12}{r15:>13}{w:>15}")
print(f"\n2. fixed rate {rate} req/s, 20 s (wrk has no fixed rate)")
print(f"{'tool':<12}{'req/s':>10}{'of rate':>9}{'CPU s':>8}{'CPU µs/req':>12}{'x hyperfoil':>13}{'p99 ms':>9}")
res = {t: get(t + '-rate') for t in tools}
for t in tools:
    r = res[t]
    if r is None or r['n'] == 0:
        continue
    per = r['cpu'] / r['n'] * 1e6
    h = res.get('hyperfoil')
    x = f"{per / (h['cpu'] / h['n'] * 1e6):.2f}" if h and h['n'] else '—'
    print(f"{t:<12}{r['rps']:>10.0f}{r['rps'] / rate:>9.1%}{r['cpu']:>8.1f}{per:>12.1f}{x:>13}{r['p99']:>9.2f}")
print(f"\n3. {vus} VUs, GET then 1 s pause, {think} s (ideal ~{vus} req/s; wrk and autocannon have no pause)")
print(f"{'tool':<12}{'req/s':>10}{'of ideal':>10}{'p99 ms':>9}{'errors':>8}{'peak RSS MiB':>14}")
for t in tools + ['loadlab-ramp']:
    r = get(t.replace('-ramp', '') + ('-think-ramp' if t.endswith('-ramp') else '-think'))
    if r is None:
        continue
    print(f"{t:<12}{r['rps']:>10.0f}{r['rps'] / vus:>10.1%}{r['p99']:>9.1f}{r['errs']:>8}{r['rss']:>14.0f}")
p, c = get('loadlab-plain'), get('loadlab-cel')
if p and c:
    print(f"\n4. custom metrics (loadlab, 50 VUs, 20 s, a 230-byte JSON answer)")
    print(f"{'step':<34}{'req/s':>10}{'x plain':>9}{'CPU µs/req':>12}")
    print(f"{'GET /llm':<34}{p['rps']:>10.0f}{1:>9.2f}{p['cpu'] / p['n'] * 1e6:>12.1f}")
    print(f"{'GET /llm + 4 CEL metrics on JSON':<34}{c['rps']:>10.0f}{c['rps'] / p['rps']:>9.2f}{c['cpu'] / c['n'] * 1e6:>12.1f}")
o = get('loadlab-open20k')
if o:
    asked = o['n'] + o['dropped']
    print(f"\n5. loadlab, constant-arrival-rate 20,000/s for 60 s: {o['rps']:.0f} req/s, dropped {o['dropped']} of {asked} "
          f"({o['dropped'] / asked:.2%}), p99 {o['p99']:.2f} ms, full speed at {o['warm']} s")
print("\nCPU s and peak RSS: the whole process (/usr/bin/time), start-up and JIT included; Gatling's include its report.")
print("full speed at: the first whole second with 95 % of the run's median second (loadlab's 1 s intervals; the peers")
print("do not report per second here). loadlab-ramp: the same VUs started over 1 s (ramping-vus), not at once.")
PY
