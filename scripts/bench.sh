#!/usr/bin/env bash
# Whole-process comparisons for BENCHMARKS.md: cloudtutor against what a user would otherwise reach
# for. Each comparison runs only when its rival is installed (mdcat; Python with simpy), and prints
# the ratio. Run from the repository root: bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example first_frame
bin=target/release/cloudtutor
lesson=lessons/05-ec2.md

ms() { python3 -c "import sys,time,subprocess; a=sys.argv[1:]; n=20; t=time.perf_counter(); [subprocess.run(a, stdout=subprocess.DEVNULL, check=True) for _ in range(n)]; print(f'{(time.perf_counter()-t)/n*1000:.2f}')" "$@"; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}'; }

echo "== render the largest lesson ($lesson, $(wc -c <"$lesson") bytes) at 100 columns"
ours=$(ms "$bin" render "$lesson" --width 100)
echo "cloudtutor: ${ours} ms, $(rss "$bin" render "$lesson" --width 100) KB peak"
if command -v mdcat >/dev/null; then
  theirs=$(ms mdcat --columns 100 "$lesson")
  echo "mdcat:      ${theirs} ms, $(rss mdcat --columns 100 "$lesson") KB peak"
  python3 -c "print(f'ratio: cloudtutor takes {float(\"$ours\")/float(\"$theirs\"):.2f} of mdcat\'s time')"
else
  echo "(mdcat not installed: cargo install mdcat to compare)"
fi

echo "== check the shipped course"
"$bin" check

echo "== first frame in a pseudo-terminal"
target/release/examples/first_frame 20

echo "== M/M/c (c=10, lambda=8/s, mu=1/s), about 10,000,000 requests"
sim_start=$(date +%s.%N)
"$bin" sim scaling --headless --json --duration 1250000 --set deployments=fixed --set instances=10 --set slots=1 \
  --set traffic=poisson --set rate=8 --set service_dist=exp --set service_ms=1000 --set queue_limit=0 >/dev/null
sim_secs=$(python3 -c "import time; print(time.time() - $sim_start)")
python3 -c "print(f'cloudtutor: 10,000,000 requests in {$sim_secs:.3f} s = {1e7/$sim_secs:,.0f} requests/s (whole process)')"
if python3 -c "import simpy" 2>/dev/null; then
  out=$(python3 scripts/simpy_mmc.py 200000)
  echo "$out"
  rate=$(echo "$out" | sed -E 's/.*= ([0-9,]+) requests\/s.*/\1/' | tr -d ,)
  python3 -c "print(f'ratio: cloudtutor is {1e7/$sim_secs/$rate:,.0f} times faster than SimPy')"
else
  echo "(simpy not installed: pip install simpy to compare)"
fi
