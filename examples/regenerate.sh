#!/usr/bin/env bash
# Re-scores every example and rewrites its X.expected.json (after an intended change to a rule set or the engine).
# The rule set is the one named in the existing expected file's "ruleSet".
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/AssessmentScorer.Cli -c Release -o artifacts/cli -v q >/dev/null
find examples -name '*.expected.json' | sort | while read -r expected; do
  input="${expected%.expected.json}.json"
  block=$(grep -m1 -A3 '"ruleSet"' "$expected")
  scheme=$(sed -n 's/.*"scheme": *"\([^"]*\)".*/\1/p' <<<"$block" | head -n1)
  version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' <<<"$block" | head -n1)
  dotnet artifacts/cli/assessment-scorer.dll score --ruleset "$scheme@$version" --format json "$input" > "$expected" || true
  echo "$expected  ← $scheme@$version"
done
