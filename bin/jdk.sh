# Sourced by ./mvnw, ./jollama and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME if it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm (or $JOLLAMA_JVM_DIRS), else `java` on PATH.
jollama_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
jollama_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(jollama_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in ${JOLLAMA_JVM_DIRS:-/usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*}; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(jollama_java_major "$candidate")
    if [ "${major:-0}" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(jollama_java_major "$candidate")
    [ "${major:-0}" -ge 25 ] && best="$candidate"
  fi
  [ -n "$best" ] && echo "$best"
}
JOLLAMA_JDK=$(jollama_find_jdk)
if [ -z "$JOLLAMA_JDK" ]; then
  echo "jollama needs a JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm and on PATH)." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$JOLLAMA_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
