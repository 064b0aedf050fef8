--TEST--
Interop: kcat (librdkafka) produces with every codec to both clusters, kafka_rs consumes the exact bytes, keys, headers and codec
--SKIPIF--
<?php require __DIR__ . '/_interop.inc'; interop_skip_unless_ready(true); ?>
--FILE--
<?php
require __DIR__ . '/_interop.inc';

$messages = interop_messages();
$strings = [];
foreach ($messages as [$k, $v]) { $strings[] = $k; $strings[] = $v; }
$delim = interop_delimiter($strings, '|#');      // between messages
$keyDelim = interop_delimiter($strings, '~%');   // between key and payload
// kcat: "name=value" is a header with that value, "name" alone a null value.
$headerArgs = ['h1=v1', "utf=caf\xc3\xa9 \xe2\x82\xac", 'empty=', 'nul', "bin=\xff\x80\x01"];
$wantHeaders = ['h1' => 'v1', 'utf' => "caf\xc3\xa9 \xe2\x82\xac", 'empty' => '', 'nul' => null, 'bin' => "\xff\x80\x01"];

// One input file for kcat -l: "key<K>payload", or just "payload" for a null key.
$input = '';
foreach ($messages as [$k, $v]) {
    $input .= ($k === null ? '' : $k . $keyDelim) . $v . $delim;
}
$file = tempnam(sys_get_temp_dir(), 'kafka-rs-interop-');
file_put_contents($file, $input);

foreach (interop_clusters() as $cluster => $c) {
    // One partition per codec. The topic is created up front: librdkafka
    // sends messages queued before a new topic has a leader one per batch,
    // and uncompressed when compression would not make that batch smaller.
    $topic = kafka_unique_topic("kcat2php-$cluster");
    interop_create_topic($topic, count(INTEROP_CODECS), $cluster);
    foreach (INTEROP_CODECS as $partition => $codec) {
        $args = ['-P', '-q', '-b', $c['kcat'], '-t', $topic, '-p', (string)$partition,
            '-X', "compression.codec=$codec", '-X', 'linger.ms=100',
            '-D', $delim, '-K', $keyDelim, '-l', $file];
        foreach ($headerArgs as $h) { array_push($args, '-H', $h); }
        kcat($args);
    }

    $byPartition = [];
    foreach (php_consume_all($c['php'], $topic) as $m) { $byPartition[$m->partition()][] = $m; }
    foreach (INTEROP_CODECS as $partition => $codec) {
        $got = $byPartition[$partition] ?? [];
        $bad = [];
        if (count($got) !== count($messages)) {
            $bad[] = 'got ' . count($got) . ' messages, want ' . count($messages);
        }
        foreach ($messages as $i => [$key, $payload]) {
            $m = $got[$i] ?? null;
            if ($m === null) { break; }
            $diff = [];
            if ($m->offset() !== (string)$i) { $diff[] = "at offset {$m->offset()}"; }
            if ($m->key() !== $key) { $diff[] = 'key ' . interop_show($m->key()) . ' want ' . interop_show($key); }
            if ($m->payload() !== $payload) { $diff[] = 'payload ' . interop_show($m->payload()) . ' want ' . interop_show($payload); }
            if ($m->headers() !== $wantHeaders) { $diff[] = 'headers ' . json_encode(array_map('interop_show', $m->headers())); }
            if ($m->compression() !== interop_codec($codec)) { $diff[] = "compression {$m->compression()}"; }
            if ($m->topic() !== $topic) { $diff[] = "topic {$m->topic()}"; }
            if ($diff) { $bad[] = "message $i: " . implode('; ', $diff); }
        }
        echo "$cluster $codec: ", $bad ? "MISMATCH\n  " . implode("\n  ", array_slice($bad, 0, 5)) : count($got) . ' messages match', "\n";
    }
}
unlink($file);
?>
--EXPECT--
zk none: 29 messages match
zk gzip: 29 messages match
zk snappy: 29 messages match
zk lz4: 29 messages match
zk zstd: 29 messages match
kraft none: 29 messages match
kraft gzip: 29 messages match
kraft snappy: 29 messages match
kraft lz4: 29 messages match
kraft zstd: 29 messages match
