# Sourced (POSIX sh) by ./mvnw, ./vigil and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME,
# or says what is missing. $JAVA_HOME wins when it is new enough.
vigil_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1
}

vigil_jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _vigil_major=$(vigil_java_major "$1/bin/java")
  [ -n "$_vigil_major" ] && [ "$_vigil_major" -ge 21 ] 2>/dev/null
}

vigil_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && vigil_jdk_ok "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi
  for _vigil_home in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*24* /usr/lib/jvm/*23* \
      /usr/lib/jvm/*22* /usr/lib/jvm/*21* /usr/lib/jvm/*; do
    if [ -d "$_vigil_home" ] && vigil_jdk_ok "$_vigil_home"; then
      JAVA_HOME="$_vigil_home"
      export JAVA_HOME
      return 0
    fi
  done
  echo "vigil: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "vigil: install one (for example: apt-get install openjdk-21-jdk-headless) and set JAVA_HOME to it." >&2
  return 1
}
