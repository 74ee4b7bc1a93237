#!/usr/bin/env bash
# Sets up, builds and runs the Hertfordshire 2018 plan over the bundled sample
# cohort, printing the per-strand summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
build/outcomes run --plan plans/herts-2018.plan --families data/sample-cohort.jsonl --as-of 2018-06-30 --format table
