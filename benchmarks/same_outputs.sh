#!/usr/bin/env bash
# Do two commits give the same outputs for the same inputs? Builds each in a throw-away worktree with
# this checkout's .venv (the package taken from the worktree) and compares reports/ and figures/ byte for
# byte, except the digests of the code and notebooks that the HTML and the JSON side files name.
# Usage: benchmarks/same_outputs.sh OLD_COMMIT NEW_COMMIT     (exit 0: same outputs)
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"; new="$2"; py="$PWD/.venv/bin/python"
scratch="$(mktemp -d)"
trap 'git worktree remove --force "$scratch/old" >/dev/null 2>&1 || true; git worktree remove --force "$scratch/new" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
for side in old new; do
  git worktree add --quiet --detach "$scratch/$side" "${!side}"
  (cd "$scratch/$side" && PYTHONPATH="$scratch/$side/src" "$py" -m briefing build --force >/dev/null)
done
status=0
for f in $(cd "$scratch/old" && ls reports/* figures/* | grep -v gitkeep); do
  a="$scratch/old/$f"; b="$scratch/new/$f"
  if [ ! -e "$b" ]; then echo "missing in new: $f"; status=1; continue; fi
  if cmp -s "$a" "$b"; then echo "same: $f"; continue; fi
  case "$f" in
    *.html|*.json) if diff -q <(sed -E 's/[0-9a-f]{64}/DIGEST/g' "$a") <(sed -E 's/[0-9a-f]{64}/DIGEST/g' "$b") >/dev/null
                   then echo "same but for code digests: $f"; else echo "DIFFERENT: $f"; status=1; fi ;;
    *) echo "DIFFERENT: $f"; status=1 ;;
  esac
done
exit $status
