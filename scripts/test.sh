#!/usr/bin/env bash
# The project's one test command (`npm test`): type-check, lint, format check, then every jest suite. jest's
# global setup starts the Kafka broker and moto on 127.0.0.1 and stops them at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules ]]; then
  npm ci
fi
scripts/venv.sh

# The dashboard test drives Debian's chromium and the monitoring test runs Debian's promtool.
missing_packages=()
[[ -x /usr/bin/chromium ]] || missing_packages+=(chromium)
[[ -x /usr/bin/promtool ]] || missing_packages+=(prometheus)
if ((${#missing_packages[@]} > 0)); then
  echo "test: installing Debian packages ${missing_packages[*]}" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing_packages[@]}"
fi

npx tsc -p tsconfig.json --noEmit
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check . ; echo "test: run npm run format to fix the formatting above" >&2; exit 1; }
node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand "$@"
