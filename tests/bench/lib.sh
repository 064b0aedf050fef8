# Shared by the benchmark scripts (sourced). Benchmarks report numbers; they assert nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
EXT="$PWD/target/release/libkafka_rs.so"
BENCH="$PWD/tests/bench"
[ -f "$EXT" ] || cargo build --release --quiet
# GNU time measures each process's peak RSS.
if [ ! -x /usr/bin/time ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

# connector_for zk|kraft -> the connector string PHP uses; broker_for -> host:port for kcat
connector_for() { case $1 in zk) echo 127.0.0.1:2181 ;; kraft) echo kafka://127.0.0.1:9192 ;; esac; }
broker_for() { case $1 in zk) echo 127.0.0.1:9092 ;; kraft) echo 127.0.0.1:9192 ;; esac; }

php_ext() { php -d "extension=$EXT" "$@"; }

# peak_rss_kb CMD... -> prints the command's peak RSS in KiB (GNU time), its output to stderr
peak_rss_kb() {
    local f
    f=$(mktemp)
    /usr/bin/time -f '%M' -o "$f" "$@" >&2
    cat "$f"
    rm -f "$f"
}

# median of the numbers on standard input
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# codec_id none|gzip|snappy|lz4|zstd -> the Kafka::COMPRESSION_* value
codec_id() { case $1 in none) echo 0 ;; gzip) echo 1 ;; snappy) echo 2 ;; lz4) echo 3 ;; zstd) echo 4 ;; esac; }
