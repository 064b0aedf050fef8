--TEST--
Interop: kafka_rs produces with every codec to both clusters, kcat (librdkafka) consumes the exact bytes, keys and headers
--SKIPIF--
<?php require __DIR__ . '/_interop.inc'; interop_skip_unless_ready(true); ?>
--FILE--
<?php
require __DIR__ . '/_interop.inc';

$messages = interop_messages();
$headers = ['h' => 'v', 'utf' => "caf\xc3\xa9 \xe2\x82\xac", 'empty' => '', 'nul' => null];
// kcat's %h: name=value, comma separated, NULL for a null value.
$wantHeaders = "h=v,utf=caf\xc3\xa9 \xe2\x82\xac,empty=,nul=NULL";

foreach (interop_clusters() as $cluster => $c) {
    // One partition per codec, each filled by its own producer.
    $topic = kafka_unique_topic("php2kcat-$cluster");
    interop_create_topic($topic, count(INTEROP_CODECS), $cluster);
    foreach (INTEROP_CODECS as $partition => $codec) {
        $producer = \Kafka\ProducerConnector::Create($c['php'], interop_codec($codec));
        foreach ($messages as [$key, $payload]) {
            $producer->addMessage($topic, $payload, $key, $partition, $headers);
        }
        $sent = $producer->produce();
        if ($sent !== count($messages)) { echo "$cluster $codec: produce() acknowledged $sent\n"; }
    }

    $byPartition = [];
    foreach (kcat_consume_all($c['kcat'], $topic) as $m) { $byPartition[$m[0]][] = $m; }
    // What kafka_rs itself reads back says which codec went on the wire.
    $codecs = [];
    foreach (php_consume_all($c['php'], $topic) as $m) { $codecs[$m->partition()][$m->compression()] = true; }

    foreach (INTEROP_CODECS as $partition => $codec) {
        $got = $byPartition[$partition] ?? [];
        $bad = [];
        if (count($got) !== count($messages)) {
            $bad[] = 'kcat read ' . count($got) . ' messages, want ' . count($messages);
        }
        foreach ($messages as $i => [$key, $payload]) {
            if (!isset($got[$i])) { break; }
            [, $offset, $k, $v, $h] = $got[$i];
            $diff = [];
            if ($offset !== $i) { $diff[] = "at offset $offset"; }
            if ($k !== $key) { $diff[] = 'key ' . interop_show($k) . ' want ' . interop_show($key); }
            if ($v !== $payload) { $diff[] = 'payload ' . interop_show($v) . ' want ' . interop_show($payload); }
            if ($h !== $wantHeaders) { $diff[] = 'headers ' . interop_show($h); }
            if ($diff) { $bad[] = "message $i: " . implode('; ', $diff); }
        }
        $seen = array_keys($codecs[$partition] ?? []);
        if ($seen !== [interop_codec($codec)]) { $bad[] = 'codecs on the wire: ' . json_encode($seen); }
        echo "$cluster $codec: ", $bad ? "MISMATCH\n  " . implode("\n  ", array_slice($bad, 0, 5)) : count($got) . ' messages match', "\n";
    }
}
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
