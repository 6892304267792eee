#!/usr/bin/env bash
# Pull throughput against curl on the same blob, in one run.
#
# Starts Debian's docker-registry (CNCF distribution) on a free loopback port with storage in a temp dir, uploads a
# blob of SIZE_MB random bytes and a manifest naming it, then alternately fetches the blob with
# `curl -o <file>` and pulls the model with jollama (bench/PullBench: manifest, ranged parallel parts, sha256
# verification, atomic commit into a fresh store), ROUNDS times each, and prints both rates per round, their medians
# and the ratio of the medians, the ratio of the bests, and the median of the per-round ratios (each round runs the
# two back to back, so that one is the least hurt by the load changing), with the load average before and after. Usage:
# bench/pull-throughput.sh [SIZE_MB=1024] [ROUNDS=5]; PULL_JAVA_OPTS adds JVM flags (e.g. "-Dconnections=4
# -DchunkMiB=32" for a fixed number of connections and larger chunks than the defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
ROUNDS=${2:-5}
command -v docker-registry >/dev/null || apt-get install -y -q docker-registry >/dev/null
./mvnw -q -o -DskipTests package -pl bench -am
. bin/jdk.sh
JAVA_BIN="$JAVA_HOME/bin/java"

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/config.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/storage}}
http: {addr: 127.0.0.1:$port, secret: bench}
YAML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/v2/" >/dev/null; do sleep 0.1; done

base="http://127.0.0.1:$port/v2/bench/blob"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom > "$work/blob"
upload() { # file -> digest, uploaded monolithically
  local digest="sha256:$(sha256sum "$1" | cut -d' ' -f1)"
  local loc; loc=$(curl -sf -X POST -D - -o /dev/null "$base/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //Ip')
  case "$loc" in http*) ;; *) loc="http://127.0.0.1:$port$loc";; esac
  curl -sf -X PUT -H "Content-Type: application/octet-stream" -T "$1" "$loc&digest=$digest" >/dev/null
  echo "$digest"
}
blob=$(upload "$work/blob")
printf '{}' > "$work/config.json"
config=$(upload "$work/config.json")
size=$(stat -c %s "$work/blob")
cat > "$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"$config","size":2},"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"$blob","size":$size}]}
JSON
curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' --data-binary "@$work/manifest.json" "$base/manifests/latest" >/dev/null
# a 32 MiB model pulled first in the same JVM, untimed, so the timed pull runs on compiled code as in a server that
# has pulled before (JVM start-up and JIT of the download path are not counted)
head -c $((32 * 1024 * 1024)) /dev/urandom > "$work/warm"
warm=$(upload "$work/warm")
sed "s/$blob/$warm/; s/\"size\":$size/\"size\":$((32 * 1024 * 1024))/" "$work/manifest.json" > "$work/warm.json"
curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' --data-binary "@$work/warm.json" "$base/manifests/warm" >/dev/null
rm -f "$work/blob" "$work/warm"

registry_cpu() { awk -v tck="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / tck}' "/proc/$registry_pid/stat"; }
since() { python3 -c "print(f'{$(registry_cpu) - $1:.2f}')"; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
curl_rates=(); pull_rates=()
for i in $(seq "$ROUNDS"); do
  sync; r0=$(registry_cpu); t=$(curl -sf -o "$work/curl.out" -w '%{time_total}' "$base/blobs/$blob"); curl_reg=$(since "$r0"); rm -f "$work/curl.out"
  if [ -n "${CPU_TIMES:-}" ]; then /usr/bin/time -f "curl cpu: user %U s, sys %S s, wall %e s" curl -sf -o "$work/curl.out" "$base/blobs/$blob"; rm -f "$work/curl.out"; fi
  curl_rate=$(python3 -c "print(f'{$size/$t/1e6:.0f}')")
  rm -rf "$work/store"; sync
  if [ -n "${CPU_TIMES:-}" ]; then rm -rf "$work/store2"; /usr/bin/time -f "jollama cpu: user %U s, sys %S s, wall %e s (whole JVM run)" "$JAVA_BIN" ${PULL_JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.jollama.bench.PullBench "127.0.0.1:$port/bench/blob:latest" "$work/store2" >/dev/null; rm -rf "$work/store2"; fi
  r0=$(registry_cpu)
  read -r secs bytes cpu < <("$JAVA_BIN" ${PULL_JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.jollama.bench.PullBench "127.0.0.1:$port/bench/blob:latest" "$work/store" "127.0.0.1:$port/bench/blob:warm" 2>/dev/null)
  pull_reg=$(since "$r0")
  pull_rate=$(python3 -c "print(f'{$bytes/$secs/1e6:.0f}')")
  echo "round $i: curl ${curl_rate} MB/s (${t} s; registry cpu ${curl_reg} s), jollama pull ${pull_rate} MB/s (${secs} s incl. sha256; jvm cpu ${cpu} s, registry cpu ${pull_reg} s), ratio $(python3 -c "print(f'{$pull_rate/$curl_rate:.2f}')")"
  curl_rates+=("$curl_rate"); pull_rates+=("$pull_rate")
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "${curl_rates[*]}" "${pull_rates[*]}" <<'PY'
import statistics, sys
c = [float(x) for x in sys.argv[1].split()]; p = [float(x) for x in sys.argv[2].split()]
mc, mp = statistics.median(c), statistics.median(p)
print(f"median: curl {mc:.0f} MB/s, jollama pull {mp:.0f} MB/s, ratio {mp / mc:.2f} (best: curl {max(c):.0f}, jollama {max(p):.0f}, "
      f"ratio {max(p) / max(c):.2f}); median of the per-round ratios {statistics.median(b / a for a, b in zip(c, p)):.2f}")
PY
