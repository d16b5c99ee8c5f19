#!/usr/bin/env bash
# Creates or refreshes the project's Python virtual environment in .venv from the pinned
# requirements files (moto for the tests, scikit-learn and skl2onnx for model training).
# A stamp of the requirements' hash skips the install when nothing changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
requirements=("$root/scripts/moto/requirements.txt")
if [[ -f "$root/models/training/requirements.txt" ]]; then
  requirements+=("$root/models/training/requirements.txt")
fi
stamp="$venv/.requirements.sha256"
want=$(cat "${requirements[@]}" | sha256sum | cut -d' ' -f1)

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
command -v python3 >/dev/null || { echo "venv: python3 not found: install Python 3.11 and retry" >&2; exit 1; }
echo "venv: installing ${requirements[*]#"$root/"} into .venv" >&2
python3 -m venv "$venv"
for file in "${requirements[@]}"; do
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$file"
done
echo "$want" >"$stamp"
