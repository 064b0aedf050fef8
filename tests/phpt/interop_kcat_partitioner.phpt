--TEST--
Interop: string keys land on the same partitions from kafka_rs as from kcat with librdkafka's murmur2_random (the Java client's partitioner)
--SKIPIF--
<?php require __DIR__ . '/_interop.inc'; interop_skip_unless_ready(true, 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_interop.inc';
$c = interop_clusters()['kraft'];

// 200 keys: text, binary with NUL and high bytes, UTF-8, the empty key, long keys.
mt_srand(7);
$keys = ['', 'a', 'key-0', "\0", "\xff\xff\xff\xff", "caf\xc3\xa9", str_repeat('long', 100)];
for ($i = count($keys); $i < 200; $i++) {
    $keys[] = $i % 2 ? "user-$i" : random_bytes_seeded(mt_rand(1, 40));
}
$keyDelim = interop_delimiter($keys, '~%');
$delim = interop_delimiter($keys, '|#');

// kcat produces key => its index, partitioned by librdkafka.
$fromKcat = kafka_unique_topic('partitioner-kcat');
interop_create_topic($fromKcat, 6, 'kraft');
$input = '';
foreach ($keys as $i => $k) { $input .= $k . $keyDelim . $i . $delim; }
kcat(['-P', '-q', '-b', $c['kcat'], '-t', $fromKcat, '-X', 'topic.partitioner=murmur2_random',
    '-D', $delim, '-K', $keyDelim], $input);

// kafka_rs produces the same, partitioned by itself.
$fromPhp = kafka_unique_topic('partitioner-php');
interop_create_topic($fromPhp, 6, 'kraft');
$producer = \Kafka\ProducerConnector::Create($c['php']);
foreach ($keys as $i => $k) { $producer->addMessage($fromPhp, (string)$i, $k); }
$producer->produce();

// Where each key landed, both topics read by kcat.
$where = [];
foreach (['kcat' => $fromKcat, 'php' => $fromPhp] as $who => $topic) {
    foreach (kcat_consume_all($c['kcat'], $topic) as [$p, , $k, $v]) {
        if ($k !== ($keys[(int)$v] ?? null)) { echo "$who: message $v came back with key ", interop_show($k), "\n"; }
        $where[$who][(int)$v] = $p;
    }
}
$same = 0;
foreach ($keys as $i => $k) {
    $a = $where['kcat'][$i] ?? 'missing';
    $b = $where['php'][$i] ?? 'missing';
    if ($a === $b) { $same++; } else { echo 'key ', interop_show($k), ": librdkafka partition $a, kafka_rs $b\n"; }
}
echo "$same of ", count($keys), " keys on the same partition\n";
// A spread over every partition shows the keys were hashed, not all sent to one.
echo 'partitions used: ', count(array_unique($where['kcat'] ?? [])), "\n";
?>
--EXPECT--
200 of 200 keys on the same partition
partitions used: 6
