--TEST--
Keyed messages land on partition murmur2(key) mod n (string keys, the Java client's placement) or key mod n (int keys), checked by consuming each partition of a 4-partition topic on both clusters; one stream per partition
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';

function create_topic(string $topic, int $partitions, string $cluster): void {
    exec(escapeshellarg(__DIR__ . '/../broker/kafka') . ' topic create ' . escapeshellarg($topic)
        . " $partitions $cluster 2>&1", $out, $rc);
    if ($rc !== 0) { echo "topic create $topic failed: ", implode("\n", $out), "\n"; }
}

// Java's Utils.toPositive(murmur2(key)) % 4 for its own test vectors.
$javaVectors = ['21' => 0, 'foobar' => 2, 'a-little-bit-long-string' => 0, 'abc' => 3];
// (array_keys() would turn '21' into an int.)
$stringKeys = array_merge(array_map('strval', array_keys($javaVectors)), ["bin\0ary", "\xff\xfe", ''], array_map(fn($i) => "user-$i", range(1, 40)));
$intKeys = [0, 1, 2, 3, 4, 5, 6, 7, -1, -6, 1000001, PHP_INT_MAX];

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $cluster => $connector) {
    echo "$cluster:\n";
    $topic = kafka_unique_topic('keyed');
    create_topic($topic, 4, $cluster);

    $expected = [];   // payload => partition
    $p = \Kafka\ProducerConnector::Create($connector);
    foreach ($stringKeys as $i => $k) {
        $p->addMessage($topic, "s$i", $k);
        $expected["s$i"] = $javaVectors[$k] ?? (\Kafka\Partitioner::murmur2($k) & 0x7fffffff) % 4;
    }
    foreach ($intKeys as $i => $k) {
        $p->addMessage($topic, "i$i", $k);
        $expected["i$i"] = (($k % 4) + 4) % 4;
    }
    // An explicit partition wins over the key.
    $p->addMessage($topic, 'forced', 'abc', 1);
    $expected['forced'] = 1;
    // Keyless messages of one produce() call travel together, to one partition.
    for ($i = 0; $i < 5; $i++) { $p->addMessage($topic, "n$i"); }
    echo "  produced ", $p->produce(), "\n";

    $cc = \Kafka\ConsumerConnector::Create($connector);
    $streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
    echo "  streams: ", count($streams), ', partitions ', implode(',', array_map(fn($s) => $s->partition(), $streams)),
        ', topics ok ', json_encode(array_unique(array_map(fn($s) => $s->topic(), $streams)) === [$topic]), "\n";
    $wrong = 0;
    $seen = 0;
    $keyless = [];
    foreach ($streams as $s) {
        while ($m = $s->nextMessage()) {
            $seen++;
            if ($m->partition() !== $s->partition()) { echo "  message from partition {$m->partition()} in stream {$s->partition()}\n"; }
            $payload = $m->payload();
            if ($payload[0] === 'n') { $keyless[$m->partition()] = true; continue; }
            if ($expected[$payload] !== $m->partition()) {
                $wrong++;
                echo "  $payload with key ", bin2hex((string)$m->key()), " on partition {$m->partition()}, expected {$expected[$payload]}\n";
            }
            if ($payload[0] === 's' && $m->key() !== $stringKeys[(int)substr($payload, 1)]) { echo "  $payload: key changed\n"; }
            if ($payload[0] === 'i' && $m->key() !== (string)$intKeys[(int)substr($payload, 1)]) { echo "  $payload: int key not its decimal string\n"; }
        }
    }
    echo "  consumed $seen, misplaced $wrong, keyless messages on ", count($keyless), " partition\n";
    foreach ($javaVectors as $k => $want) {
        echo "  '$k' => partition $want\n";
    }
}
?>
--EXPECT--
zk:
  produced 65
  streams: 4, partitions 0,1,2,3, topics ok true
  consumed 65, misplaced 0, keyless messages on 1 partition
  '21' => partition 0
  'foobar' => partition 2
  'a-little-bit-long-string' => partition 0
  'abc' => partition 3
kraft:
  produced 65
  streams: 4, partitions 0,1,2,3, topics ok true
  consumed 65, misplaced 0, keyless messages on 1 partition
  '21' => partition 0
  'foobar' => partition 2
  'a-little-bit-long-string' => partition 0
  'abc' => partition 3
