#!/usr/bin/env bash
# The operator at scale: the real operator (its own build, as a process) against the real API server, driving one
# LoadTest of N runner pods (default 200) for S seconds (default 60). The runners are simulated by the benchmark: one
# control API per pod on its own loopback address (127.0.1.x, 127.0.2.x), serving a real runner's recorded /results
# (recorded first, from a 15 s run of the quickstart) and progress carrying its compressed durations histogram; the
# benchmark marks each pod Running and Ready as a kubelet would. Prints the operator's CPU while the runners run
# (share of one core), its peak RSS, how often status.progress moved, the time from the last /results read to the
# merged status, and the API requests per second the operator made. Not a test: figures depend on the machine.
#   bench/operator-scale.sh [runners (default 200)] [seconds (default 60)]
# Needs: the API server of ../shared/k8s (install.sh; LOADLAB_K8S_BIN, LOADLAB_K8S_SCRIPTS), kubectl, Java 17+.
# Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
runners=${1:-200}
secs=${2:-60}
export LOADLAB_K8S_SCRIPTS=${LOADLAB_K8S_SCRIPTS:-$(cd .. && pwd)/shared/k8s}
[ -f runner-image/target/loadlab-runner.jar ] || ./mvnw -q -B -pl runner-image -am install -DskipTests
[ -f operator/target/quarkus-app/quarkus-run.jar ] && [ -d operator/target/test-classes/dev/loadlab/operator/bench ] \
  || ./mvnw -q -B -pl operator -am package -DskipTests
cp=$(mktemp /tmp/loadlab-scale-cp.XXXXXX)
trap 'rm -f "$cp"' EXIT
./mvnw -q -B -o -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
cd operator
java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$cp")" dev.loadlab.operator.bench.OperatorScale "$runners" "$secs"
