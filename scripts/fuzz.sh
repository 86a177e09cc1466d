#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for a bounded time and prints how many
# inputs it tried. A crash stops that target, leaves the input in
# fuzz/artifacts/TARGET/ and makes this script exit 1; turn it into a test in
# tests/robustness.rs (see the cases there).
#
#   scripts/fuzz.sh              # every target, 60 s each
#   scripts/fuzz.sh 10           # every target, 10 s each
#   scripts/fuzz.sh 60 numbers   # one target
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# The fuzz crate builds the text pipeline only (no RocksDB), in fuzz/target.
set -euo pipefail

seconds="${1:-60}"
shift || true
cd "$(dirname "$0")/../fuzz"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

# -O: optimized; -s none: no AddressSanitizer (the pipeline is safe Rust, so
# it would only slow the search down).
cargo +nightly fuzz build -O -s none >&2

status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="$(mktemp)"
    # The committed seeds are read from seeds/TARGET; new inputs go to corpus/.
    if cargo +nightly fuzz run -O -s none "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
    fi
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
    printf '%-10s %-5s %12s executions in %s s\n' "$target" "$result" "$runs" "$seconds"
    if [ "$result" = CRASH ]; then
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -20 || true
    fi
    rm -f "$log"
done
exit "$status"
