#!/usr/bin/env bash
# Creates (or reuses) the virtualenv the Python compatibility check runs in and
# prints its python's absolute path on stdout (pip chatter goes to stderr):
#   PY=$(test/compat/python/setup.sh)
#
# Venv: ${TSKUBE_CACHE:-$HOME/.cache/tskube}/compat/venv, outside the repository.
# It is reused while requirements.txt is unchanged (the hash of the file it was
# built from is stored in it, written last); otherwise it is rebuilt from
# scratch. PYTHON picks the interpreter (default python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${TSKUBE_CACHE:-$HOME/.cache/tskube}/compat/venv"
req="$here/requirements.txt"
want="$(sha256sum "$req" | cut -d' ' -f1)"
stamp="$venv/.requirements.sha256"

ready() { [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; }

if ready; then
  echo "$venv/bin/python"
  exit 0
fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup.sh: $python is not installed (needed for the Python compatibility check)" >&2
  exit 1
fi

mkdir -p "$(dirname "$venv")"
# one installer at a time; a second caller waits and then finds the venv ready
exec 9>"$venv.lock"
flock 9
if ready; then
  echo "$venv/bin/python"
  exit 0
fi
start=$SECONDS
echo "setup.sh: installing $req into $venv ..." >&2
rm -rf "$venv"
"$python" -m venv "$venv" >&2
nice -n 19 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req" >&2
echo "$want" > "$stamp"
echo "setup.sh: installed in $((SECONDS - start))s" >&2
echo "$venv/bin/python"
