--TEST--
Interop: kcat's batches read through Kafka 3.9's down-conversion to legacy message sets (Fetch v0-v3: magic 0 and 1, gzip/snappy/lz4 wrappers)
--SKIPIF--
<?php require __DIR__ . '/_interop.inc'; interop_skip_unless_ready(true, 'zk', 'kafka39'); ?>
--FILE--
<?php
require __DIR__ . '/_interop.inc';
$c = interop_clusters()['zk'];

$messages = interop_messages();
$strings = [];
foreach ($messages as [$k, $v]) { $strings[] = $k; $strings[] = $v; }
$delim = interop_delimiter($strings, '|#');
$keyDelim = interop_delimiter($strings, '~%');
$input = '';
foreach ($messages as [$k, $v]) { $input .= ($k === null ? '' : $k . $keyDelim) . $v . $delim; }

// One partition per codec, as in interop_kcat_to_php.
$topic = kafka_unique_topic('kcat2php-legacy');
interop_create_topic($topic, count(INTEROP_CODECS), 'zk');
foreach (INTEROP_CODECS as $partition => $codec) {
    kcat(['-P', '-q', '-b', $c['kcat'], '-t', $topic, '-p', (string)$partition,
        '-X', "compression.codec=$codec", '-X', 'linger.ms=100',
        '-D', $delim, '-K', $keyDelim, '-H', 'dropped=by down-conversion'], $input);
}

// Timestamps as stored (record batch v2, read with the newest Fetch).
$stored = [];
foreach (php_consume_all($c['php'], $topic) as $m) { $stored[$m->partition()][] = $m->timestamp(); }

// Fetch v0/v1 get magic 0 (no timestamps), v2/v3 magic 1; neither has headers.
// The default fetch size (1 MiB) holds each whole batch: see
// interop_legacy_fetch_too_large.phpt for a batch that does not fit.
foreach ([0, 1, 2, 3] as $version) {
    $cc = \Kafka\ConsumerConnector::Create($c['php'], null, ['fetch_max_version' => $version]);
    $streams = $cc->createMessageStreams($topic, 1048576, \Kafka\Kafka::OFFSETS_EARLIEST);
    foreach (INTEROP_CODECS as $partition => $codec) {
        $got = [];
        try {
            while ($m = $streams[$partition]->nextMessage()) { $got[] = $m; }
        } catch (\Kafka\Exception $e) {
            // zstd needs record batch v2: the broker refuses to down-convert it.
            echo "v$version $codec: ", get_class($e), ' ', str_contains($e->getMessage(), 'UNSUPPORTED_COMPRESSION_TYPE (76)') ? 'UNSUPPORTED_COMPRESSION_TYPE' : $e->getMessage(), "\n";
            continue;
        }
        $bad = [];
        if (count($got) !== count($messages)) { $bad[] = 'got ' . count($got) . ' messages, want ' . count($messages); }
        foreach ($messages as $i => [$key, $payload]) {
            $m = $got[$i] ?? null;
            if ($m === null) { break; }
            $diff = [];
            if ($m->offset() !== (string)$i) { $diff[] = "at offset {$m->offset()}"; }
            if ($m->key() !== $key) { $diff[] = 'key ' . interop_show($m->key()) . ' want ' . interop_show($key); }
            if ($m->payload() !== $payload) { $diff[] = 'payload ' . interop_show($m->payload()) . ' want ' . interop_show($payload); }
            if ($m->headers() !== []) { $diff[] = 'headers ' . json_encode(array_keys($m->headers())); }
            if ($m->compression() !== interop_codec($codec)) { $diff[] = "compression {$m->compression()}"; }
            $ts = $version < 2 ? -1 : ($stored[$partition][$i] ?? null);
            if ($m->timestamp() !== $ts) { $diff[] = "timestamp {$m->timestamp()} want $ts"; }
            if ($diff) { $bad[] = "message $i: " . implode('; ', $diff); }
        }
        echo "v$version $codec: ", $bad ? "MISMATCH\n  " . implode("\n  ", array_slice($bad, 0, 5)) : count($got) . ' messages match', "\n";
    }
}
?>
--EXPECT--
v0 none: 29 messages match
v0 gzip: 29 messages match
v0 snappy: 29 messages match
v0 lz4: 29 messages match
v0 zstd: Kafka\Exception\BrokerError UNSUPPORTED_COMPRESSION_TYPE
v1 none: 29 messages match
v1 gzip: 29 messages match
v1 snappy: 29 messages match
v1 lz4: 29 messages match
v1 zstd: Kafka\Exception\BrokerError UNSUPPORTED_COMPRESSION_TYPE
v2 none: 29 messages match
v2 gzip: 29 messages match
v2 snappy: 29 messages match
v2 lz4: 29 messages match
v2 zstd: Kafka\Exception\BrokerError UNSUPPORTED_COMPRESSION_TYPE
v3 none: 29 messages match
v3 gzip: 29 messages match
v3 snappy: 29 messages match
v3 lz4: 29 messages match
v3 zstd: Kafka\Exception\BrokerError UNSUPPORTED_COMPRESSION_TYPE
