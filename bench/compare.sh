#!/usr/bin/env bash
# Speed of jollama against llama.cpp on the same files, side by side: generates the random-weight Llama-3.2-1B-shaped
# models (bench/models, F16 / Q8_0 / Q4_0 / Q4_K_M, see BenchModels.java) if they are missing, then runs
# `./jollama bench` and llama.cpp's `llama-bench` on each file alternately (who goes first alternates per round),
# and writes the table (medians over every timed repetition of every round, ratios, the load average seen during the
# run, the machine and this command) into BENCHMARKS.md between the compare.sh markers. Raw output: bench/out/.
#
#   bench/compare.sh                         # all four files, pp128 pp512 tg64, 2 threads, 2 rounds x 3 reps each
#   ROUNDS=3 REPS=5 MIXES=q8_0,q4_k_m bench/compare.sh
#   NO_WRITE=1 bench/compare.sh              # print the table only
#
# Environment: THREADS (2), ROUNDS (2), REPS (3), MIXES (f16,q8_0,q4_0,q4_k_m), PROMPTS (128,512), GEN (64),
# LLAMA_BENCH (~/.cache/llama-cpp-peer/bin/llama-bench), JOLLAMA_JAVA_OPTS (passed to the JVM by ./jollama).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
THREADS=${THREADS:-2} ROUNDS=${ROUNDS:-2} REPS=${REPS:-3} MIXES=${MIXES:-f16,q8_0,q4_0,q4_k_m}
PROMPTS=${PROMPTS:-128,512} GEN=${GEN:-64}
LLAMA_BENCH=${LLAMA_BENCH:-$HOME/.cache/llama-cpp-peer/bin/llama-bench}
command_line="$(printf '%q ' "${BASH_SOURCE[0]}" "$@")"
for v in THREADS ROUNDS REPS MIXES PROMPTS GEN; do command_line="$v=${!v} $command_line"; done

if [ ! -x "$LLAMA_BENCH" ]; then
  echo "llama-bench not found at $LLAMA_BENCH." >&2
  echo "Build llama.cpp's tools with ../shared/peer/build-llama-cpp.sh (10-15 minutes on 2 cores), or set LLAMA_BENCH." >&2
  exit 1
fi
if [ ! -f cli/target/jollama.jar ] || [ ! -f bench/target/benchmarks.jar ]; then
  echo "jollama is not built: run ./mvnw -q -DskipTests package first" >&2
  exit 1
fi
. bin/jdk.sh
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Djollama.vocab=../shared/vocab/ggml-vocab-llama-bpe.gguf \
  -cp bench/target/benchmarks.jar dev.jollama.bench.BenchModels bench/models "$MIXES" 2>&1 | grep -v 'incubator modules' || true

out=bench/out/compare-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
# The load average every 5 s while the benchmarks run.
( while :; do cut -d' ' -f1 /proc/loadavg >>"$out/load.txt"; sleep 5; done ) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

run_jollama() {
  echo "jollama   $1 round $2" >&2
  ./jollama bench "bench/models/llama-3.2-1b-random-$1.gguf" -t "$THREADS" -p "$PROMPTS" -n "$GEN" -r "$REPS" --json \
    2> >(grep -v 'incubator modules' >&2) >>"$out/jollama-$1.jsonl"
}
run_llama() {
  echo "llama.cpp $1 round $2" >&2
  "$LLAMA_BENCH" -m "bench/models/llama-3.2-1b-random-$1.gguf" -t "$THREADS" -p "$PROMPTS" -n "$GEN" -r "$REPS" -o jsonl \
    2>>"$out/llama-stderr.txt" >>"$out/llama-$1.jsonl"
}
IFS=, read -ra mixes <<<"$MIXES"
for ((round = 1; round <= ROUNDS; round++)); do
  for mix in "${mixes[@]}"; do
    if ((round % 2)); then run_jollama "$mix" "$round"; run_llama "$mix" "$round"
    else run_llama "$mix" "$round"; run_jollama "$mix" "$round"; fi
  done
done
kill $sampler 2>/dev/null || true

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
python3 - "$out" "$MIXES" "$cpu, $(nproc) cores" "$jdk" "$command_line" "$(date -u '+%Y-%m-%d %H:%M UTC')" >"$out/table.md" <<'EOF'
import json, statistics, sys
out, mixes, machine, jdk, command, when = sys.argv[1:]
targets = {("tg", "f16"): 0.9, ("tg", "q8_0"): 0.9, ("tg", "q4_0"): 0.75, ("tg", "q4_k_m"): 0.75,
           ("pp", "q8_0"): 0.5, ("pp", "q4_k_m"): 0.5}
def samples(path, llama):
    by_test = {}
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        return by_test
    for line in lines:
        if not line.strip().startswith("{"): continue
        o = json.loads(line)
        if llama:
            test = ("pp%d" % o["n_prompt"]) if o["n_gen"] == 0 else ("tg%d" % o["n_gen"])
            info = "llama.cpp build %s (%s), flash_attn %s" % (o.get("build_commit"), o.get("build_number"), o.get("flash_attn"))
        else:
            test = o["test"]
            info = None
        by_test.setdefault(test, []).extend(o["samples_ts"])
        if info: by_test["_info"] = info
    return by_test
loads = [float(x) for x in open(out + "/load.txt").read().split()] if open(out + "/load.txt").read().strip() else [0.0]
rows, info = [], None
for mix in mixes.split(","):
    j, l = samples("%s/jollama-%s.jsonl" % (out, mix), False), samples("%s/llama-%s.jsonl" % (out, mix), True)
    info = l.pop("_info", info)
    for test in sorted(set(j) | set(l), key=lambda t: (t[:2] != "pp", int(t[2:]))):
        jm = statistics.median(j[test]) if test in j else None
        lm = statistics.median(l[test]) if test in l else None
        ratio = jm / lm if jm and lm else None
        target = targets.get((test[:2], mix))
        verdict = "" if target is None or ratio is None else ("yes" if ratio >= target else "no")
        fmt = lambda v: "%.2f" % v if v is not None else "-"
        rows.append("| %s | %s | %s (n=%d) | %s (n=%d) | %s | %s %s |" % (
            mix.upper(), test, fmt(jm), len(j.get(test, [])), fmt(lm), len(l.get(test, [])),
            fmt(ratio), ("%.2fx" % target) if target else "-", verdict))
print("Run of %s. Machine: %s; %s; %s." % (when, machine, jdk, info or "llama.cpp"))
print("Load average during the run (sampled every 5 s): min %.1f, median %.1f, max %.1f." % (
    min(loads), statistics.median(loads), max(loads)))
print()
print("Command: `%s`" % command.strip())
print()
print("| file | test | jollama t/s (median) | llama.cpp t/s (median) | ratio | target met |")
print("|---|---|---:|---:|---:|---|")
print("\n".join(rows))
EOF
cat "$out/table.md"

if [ -z "${NO_WRITE:-}" ]; then
  python3 - "$out/table.md" BENCHMARKS.md <<'EOF'
import sys
table, path = sys.argv[1:]
begin, end = "<!-- compare.sh: begin -->", "<!-- compare.sh: end -->"
block = begin + "\n" + open(table).read().rstrip() + "\n" + end
text = open(path).read()
if begin in text and end in text:
    text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
else:
    text = text.rstrip() + "\n\n## Speed against llama.cpp (Llama-3.2-1B-shaped files)\n\nWritten by `bench/compare.sh`.\n\n" + block + "\n"
open(path, "w").write(text)
EOF
  echo "table written to BENCHMARKS.md (raw output in $out)" >&2
fi
