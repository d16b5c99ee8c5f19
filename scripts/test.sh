#!/usr/bin/env bash
# The project's one test command (`npm test`): type-check, lint, then every jest suite. jest's
# global setup starts the Kafka broker and moto on 127.0.0.1 and stops them at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules ]]; then
  npm ci
fi
scripts/venv.sh
npx tsc -p tsconfig.json --noEmit
npx eslint .
node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand "$@"
