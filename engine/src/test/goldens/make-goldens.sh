#!/usr/bin/env bash
# Regenerates the golden files of the random-weight model tests with llama.cpp (the oracle):
#   1. writes the random models with the project's own writer (RandomModels.main, deterministic),
#   2. runs oracle-goldens.mjs on each, writing engine/src/test/resources/goldens/NAME.json (with the model's SHA-256),
#      and long-prompt-goldens.mjs on a few (NAME.long-f16.json, NAME.long-q8_0.json, NAME.long-q4_0.json).
# Usage (from the repository root): engine/src/test/goldens/make-goldens.sh [NAME...]
# Needs ../shared (vocabularies) and the oracle's node_modules at /work/oracle (see ../shared/oracle/README.md).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
root=$(pwd)
. bin/jdk.sh
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
./mvnw -q -o -pl engine test-compile
./mvnw -q -o -pl engine dependency:build-classpath -Dmdep.outputFile="$models/cp.txt" -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Djollama.shared="$root/../shared" -Djollama.root="$root" \
  -cp "engine/target/test-classes:engine/target/classes:$(cat "$models/cp.txt")" dev.jollama.engine.model.RandomModels "$models"
mkdir -p engine/src/test/resources/goldens
node engine/src/test/goldens/oracle-goldens.mjs "$models" engine/src/test/resources/goldens "$@"
if [ $# -eq 0 ]; then
  # long prompts (tiled attention in llama.cpp) with F16, Q8_0 and Q4_0 KV caches, on models whose heads are whole 32-blocks
  node engine/src/test/goldens/long-prompt-goldens.mjs "$models" engine/src/test/resources/goldens llama-f16 llama-q8_0 llama-q4_k qwen3 gemma3
fi
