#!/usr/bin/env bash
# Pull throughput against curl on the same blob, in one run.
#
# Starts Debian's docker-registry (CNCF distribution) on a free loopback port with storage in a temp dir, uploads a
# blob of SIZE_MB random bytes and a manifest naming it, then alternately fetches the blob with
# `curl -o <file>` and pulls the model with jollama (bench/PullBench: manifest, ranged parallel parts, sha256
# verification, atomic commit into a fresh store), ROUNDS times each, and prints both rates and their ratio (best of
# the rounds). Usage: bench/pull-throughput.sh [SIZE_MB=1024] [ROUNDS=3]; PULL_JAVA_OPTS adds JVM flags
# (e.g. "-Dconnections=4 -DchunkMiB=32" to try fewer connections and larger chunks than the defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
ROUNDS=${2:-3}
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
# a small model pulled first, untimed, to warm up the JVM
sed "s/$blob/$config/; s/\"size\":$size/\"size\":2/" "$work/manifest.json" > "$work/warm.json"
curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' --data-binary "@$work/warm.json" "$base/manifests/warm" >/dev/null
rm -f "$work/blob"

best_curl=0; best_pull=0
for i in $(seq "$ROUNDS"); do
  sync; t=$(curl -sf -o "$work/curl.out" -w '%{time_total}' "$base/blobs/$blob"); rm -f "$work/curl.out"
  if [ -n "${CPU_TIMES:-}" ]; then /usr/bin/time -f "curl cpu: user %U s, sys %S s, wall %e s" curl -sf -o "$work/curl.out" "$base/blobs/$blob"; rm -f "$work/curl.out"; fi
  curl_rate=$(python3 -c "print(f'{$size/$t/1e6:.0f}')")
  rm -rf "$work/store"; sync
  if [ -n "${CPU_TIMES:-}" ]; then rm -rf "$work/store2"; /usr/bin/time -f "jollama cpu: user %U s, sys %S s, wall %e s (whole JVM run)" "$JAVA_BIN" ${PULL_JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.jollama.bench.PullBench "127.0.0.1:$port/bench/blob:latest" "$work/store2" >/dev/null; rm -rf "$work/store2"; fi
  read -r secs bytes < <("$JAVA_BIN" ${PULL_JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.jollama.bench.PullBench "127.0.0.1:$port/bench/blob:latest" "$work/store" "127.0.0.1:$port/bench/blob:warm" 2>/dev/null)
  pull_rate=$(python3 -c "print(f'{$bytes/$secs/1e6:.0f}')")
  echo "round $i: curl ${curl_rate} MB/s (${t} s), jollama pull ${pull_rate} MB/s (${secs} s, incl. sha256 verification)"
  best_curl=$(python3 -c "print(max($best_curl, $curl_rate))"); best_pull=$(python3 -c "print(max($best_pull, $pull_rate))")
done
echo "best: curl ${best_curl} MB/s, jollama pull ${best_pull} MB/s, ratio $(python3 -c "print(f'{$best_pull/$best_curl:.2f}')")"
