--TEST--
Consecutive messages for one partition go out as one batch, compressed as a unit
--DESCRIPTION--
Reads the broker's log segment (the local test bed's data directory) and walks
its batches: 200 messages added before one produce() are stored as a single
record batch whose attributes carry the codec.
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft');
if (!is_dir(__DIR__ . '/../broker/run/kafka39/data')) die('skip not the local test bed');
?>
--FILE--
<?php
require __DIR__ . '/_common.inc';

/** [records, codec] of each batch in a segment file (record batch v2 layout). */
function batches(string $file): array {
    $b = file_get_contents($file);
    $out = [];
    for ($at = 0; $at + 61 <= strlen($b);) {
        $len = unpack('N', $b, $at + 8)[1];
        $attributes = unpack('n', $b, $at + 21)[1];
        $count = unpack('N', $b, $at + 57)[1];
        $out[] = "$count records, codec " . ($attributes & 7);
        $at += 12 + $len;
    }
    return $out;
}

$codecs = [\Kafka\Kafka::COMPRESSION_NONE, \Kafka\Kafka::COMPRESSION_GZIP, \Kafka\Kafka::COMPRESSION_SNAPPY,
           \Kafka\Kafka::COMPRESSION_LZ4, \Kafka\Kafka::COMPRESSION_ZSTD];
foreach ([kafka_zk() => 'kafka39', kafka_kraft() => 'kafka4'] as $connector => $server) {
    foreach ($codecs as $codec) {
        $topic = kafka_unique_topic("batch$codec");
        $p = \Kafka\ProducerConnector::Create($connector, $codec);
        for ($i = 0; $i < 200; $i++) {
            $p->addMessage($topic, "message $i of a batch");
        }
        $p->produce();
        echo "$server: ", implode('; ', batches(__DIR__ . "/../broker/run/$server/data/$topic-0/00000000000000000000.log")), "\n";
    }
}
?>
--EXPECT--
kafka39: 200 records, codec 0
kafka39: 200 records, codec 1
kafka39: 200 records, codec 2
kafka39: 200 records, codec 3
kafka39: 200 records, codec 4
kafka4: 200 records, codec 0
kafka4: 200 records, codec 1
kafka4: 200 records, codec 2
kafka4: 200 records, codec 3
kafka4: 200 records, codec 4
