#!/usr/bin/env bash
# Regenerates the model quantizer's goldens from llama.cpp's llama-quantize:
#   1. writes the source models with the project's own writer (QuantizeTestModels.main, deterministic), which also
#      prints the cases ("MODEL TYPE..." per line) and the quantized models the engine is run on,
#   2. quantizes each with llama-quantize (no importance matrix) and records, with llama.cpp's own gguf-py reader,
#      the SHA-256 of the source and of the whole output and each output tensor's name, type and SHA-256 in
#      engine/src/test/resources/quantize/MODEL-TYPE.json,
#   3. runs oracle-goldens.mjs (greedy tokens and top-10 probabilities) on llama-quantize's files of the listed
#      models, writing engine/src/test/resources/goldens/quantized-MODEL-TYPE.json.
# Usage (from the repository root): engine/src/test/quantize/make-goldens.sh
# Needs llama.cpp built by ../shared/peer/build-llama-cpp.sh (~/.cache/llama-cpp-peer), python3 with numpy, and the
# oracle's node_modules at /work/oracle.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
root=$(pwd)
peer=${LLAMA_CPP_PEER:-$HOME/.cache/llama-cpp-peer}
. bin/jdk.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./mvnw -q -o -pl engine test-compile
./mvnw -q -o -pl engine dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Djollama.root="$root" \
  -cp "engine/target/test-classes:engine/target/classes:$(cat "$work/cp.txt")" \
  dev.jollama.engine.quantize.QuantizeTestModels "$work/src" > "$work/cases.txt"
out=engine/src/test/resources/quantize
rm -rf "$out" && mkdir -p "$out" "$work/run"
while read -r kind model types; do
  [ "$kind" = case ] || continue
  for t in $types; do
    "$peer/bin/llama-quantize" "$work/src/$model.gguf" "$work/$model-$t.gguf" "$t" > "$work/log.txt" 2>&1 \
      || { cat "$work/log.txt"; exit 1; }
    PYTHONPATH="$peer/src/gguf-py" python3 - "$work/src/$model.gguf" "$work/$model-$t.gguf" "$model" "$t" > "$out/$model-$t.json" <<'PY'
import hashlib, json, sys
import gguf
src, dst, model, target = sys.argv[1:]
sha = lambda path: hashlib.sha256(open(path, "rb").read()).hexdigest()
reader = gguf.GGUFReader(dst)
tensors = [{"name": t.name, "type": t.tensor_type.name, "sha256": hashlib.sha256(t.data.tobytes()).hexdigest()}
           for t in reader.tensors]
print(json.dumps({"model": model, "target": target, "source_sha256": sha(src), "sha256": sha(dst), "tensors": tensors}, indent=1))
PY
  done
done < "$work/cases.txt"
while read -r kind name; do
  [ "$kind" = run ] || continue
  cp "$work/$name.gguf" "$work/run/quantized-$name.gguf"
done < "$work/cases.txt"
node engine/src/test/goldens/oracle-goldens.mjs "$work/run" engine/src/test/resources/goldens
echo "wrote $(ls "$out" | wc -l) files to $out"
