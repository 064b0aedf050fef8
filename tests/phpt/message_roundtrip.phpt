--TEST--
Messages round-trip through Kafka byte for byte: binary payloads with NUL bytes, empty payloads, null/int/string keys, binary headers, timestamps, offsets as strings, and the codec reported by compression(), on both clusters
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';

$all = '';
for ($i = 0; $i < 256; $i++) { $all .= chr($i); }
$sent = [
    // payload, key, headers
    ["\0", null, []],
    ["NUL\0in\0the\0middle\0", 'text key', ['trace-id' => "\x00\xff\x10", 'empty' => '', 'nothing' => null]],
    [$all, "\0binary\xffkey", ['h1' => 'v1', 'h2' => 'v2']],
    ['', 42, []],
    [str_repeat("\xde\xad\xbe\xef", 5000), -1, ['big' => str_repeat('x', 1000)]],
    ['int zero key', 0, []],
    ['empty string key', '', []],
];
$codecs = ['none' => \Kafka\Kafka::COMPRESSION_NONE, 'gzip' => \Kafka\Kafka::COMPRESSION_GZIP,
    'snappy' => \Kafka\Kafka::COMPRESSION_SNAPPY, 'lz4' => \Kafka\Kafka::COMPRESSION_LZ4,
    'zstd' => \Kafka\Kafka::COMPRESSION_ZSTD];

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $cluster => $connector) {
    foreach ($codecs as $name => $codec) {
        $topic = kafka_unique_topic("roundtrip-$name");
        $before = (int)(microtime(true) * 1000);
        $p = \Kafka\ProducerConnector::Create($connector, $codec);
        foreach ($sent as [$payload, $key, $headers]) {
            $p->addMessage($topic, $payload, $key, 0, $headers);
        }
        $p->produce();
        $after = (int)(microtime(true) * 1000);

        $streams = \Kafka\ConsumerConnector::Create($connector)
            ->createMessageStreams($topic, 1048576, \Kafka\Kafka::OFFSETS_EARLIEST);
        $problems = [];
        $n = 0;
        while ($m = $streams[0]->nextMessage()) {
            [$payload, $key, $headers] = $sent[$n] ?? [null, null, null];
            $wantKey = $key === null ? null : (string)$key;
            if ($m->payload() !== $payload) $problems[] = "message $n: payload differs";
            if ($m->size() !== strlen($payload)) $problems[] = "message $n: size() " . $m->size();
            if ($m->key() !== $wantKey) $problems[] = "message $n: key " . var_export($m->key(), true);
            if ($m->headers() !== $headers) $problems[] = "message $n: headers " . json_encode(array_map('bin2hex', array_filter($m->headers())));
            if ($m->offset() !== (string)$n) $problems[] = "message $n: offset " . var_export($m->offset(), true);
            if ($m->topic() !== $topic || $m->partition() !== 0) $problems[] = "message $n: topic/partition";
            if ($m->timestamp() < $before - 1000 || $m->timestamp() > $after + 1000) $problems[] = "message $n: timestamp " . $m->timestamp();
            if ($m->compression() !== $codec) $problems[] = "message $n: compression() " . $m->compression();
            $n++;
        }
        printf("%s %s: %d of %d messages back, %s\n", $cluster, $name, $n, count($sent),
            $problems ? implode('; ', $problems) : 'all identical');
    }
}
?>
--EXPECT--
zk none: 7 of 7 messages back, all identical
zk gzip: 7 of 7 messages back, all identical
zk snappy: 7 of 7 messages back, all identical
zk lz4: 7 of 7 messages back, all identical
zk zstd: 7 of 7 messages back, all identical
kraft none: 7 of 7 messages back, all identical
kraft gzip: 7 of 7 messages back, all identical
kraft snappy: 7 of 7 messages back, all identical
kraft lz4: 7 of 7 messages back, all identical
kraft zstd: 7 of 7 messages back, all identical
