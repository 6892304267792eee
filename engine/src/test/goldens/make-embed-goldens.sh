#!/usr/bin/env bash
# Regenerates the embedding goldens with llama.cpp (the oracle):
#   1. writes the random-weight encoders with the project's own writer (RandomEncoders.main, deterministic),
#   2. runs embed-goldens.mjs on each of them and on ../shared/models/all-minilm-l6-v2-f16.gguf with the texts of
#      embed-texts.json, writing engine/src/test/resources/embed/NAME.json (with the model's SHA-256).
# Usage (from the repository root): engine/src/test/goldens/make-embed-goldens.sh [NAME...] (default: all)
# Needs ../shared (vocabulary, all-minilm) and the oracle's node_modules at /work/oracle (see ../shared/oracle/README.md).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
root=$(pwd)
. bin/jdk.sh
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
./mvnw -q -o -pl engine test-compile
./mvnw -q -o -pl engine dependency:build-classpath -Dmdep.outputFile="$models/cp.txt" -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Djollama.shared="$root/../shared" -Djollama.root="$root" \
  -cp "engine/target/test-classes:engine/target/classes:$(cat "$models/cp.txt")" dev.jollama.engine.model.RandomEncoders "$models"
out=engine/src/test/resources/embed
texts=engine/src/test/goldens/embed-texts.json
mkdir -p "$out"
for name in ${@:-bert nomic-bert qwen3-embedding all-minilm}; do
  model="$models/$name.gguf"
  [ "$name" = all-minilm ] && model=../shared/models/all-minilm-l6-v2-f16.gguf
  node engine/src/test/goldens/embed-goldens.mjs "$model" "$texts" "$out/$name.json"
done
