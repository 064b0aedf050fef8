--TEST--
Kafka\ProducerConnector: Create/CreateCached, pending(), produce() counts, getAvailableTopics() ("name [n]"), getTopicPartitionCounts(), kafka-php's $apiVersion argument, on both clusters
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

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $cluster => $connector) {
    echo "$cluster:\n";
    $topic = kafka_unique_topic('api');
    create_topic($topic, 3, $cluster);

    foreach (['Create', 'CreateCached'] as $create) {
        $p = \Kafka\ProducerConnector::$create($connector);
        echo "  $create: ", get_class($p), ", pending ", $p->pending();
        $p->addMessage($topic, "$create 1");
        $p->addMessage($topic, "$create 2", 'k');
        echo ", after 2 addMessage ", $p->pending();
        echo ", produce() ", $p->produce(), ", pending ", $p->pending(), ", produce() again ", $p->produce(), "\n";
    }

    $p = \Kafka\ProducerConnector::Create($connector);
    $listed = $p->getAvailableTopics();
    echo "  getAvailableTopics(): list ", json_encode(array_is_list($listed)), ', has "', str_replace($topic, 'TOPIC', "$topic [3]"), '" ',
        json_encode(in_array("$topic [3]", $listed, true)), ', sorted ', json_encode($listed === (function ($l) { sort($l, SORT_STRING); return $l; })($listed)),
        ', internal topics listed: ', json_encode((bool)preg_grep('/^__/', $listed)), "\n";
    $counts = $p->getTopicPartitionCounts();
    echo "  getTopicPartitionCounts(): ", var_export($counts[$topic] ?? null, true), ', every entry name => int ',
        json_encode(array_sum(array_map(fn($k, $v) => is_string($k) && is_int($v) && $v > 0 ? 0 : 1, array_keys($counts), $counts)) === 0),
        ', same topics ', json_encode(count($counts) === count($listed)), "\n";

    // kafka-php's fourth argument was the protocol version: accepted, not needed.
    $legacy = \Kafka\ProducerConnector::Create($connector, \Kafka\Kafka::COMPRESSION_GZIP, null, 0.8);
    $legacy->addMessage($topic, 'legacy');
    echo "  Create(\$c, GZIP, null, 0.8): produce() ", $legacy->produce(), "\n";
    // The default partitioner passed explicitly behaves as null.
    $explicit = \Kafka\ProducerConnector::Create($connector, 0, new \Kafka\Partitioner());
    $explicit->addMessage($topic, 'explicit', 'abc');
    echo "  Create(\$c, 0, new Partitioner()): produce() ", $explicit->produce(), "\n";

    $total = 0;
    foreach (\Kafka\ConsumerConnector::Create($connector)->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST) as $s) {
        while ($s->nextMessage()) { $total++; }
    }
    echo "  consumed $total\n";
}
try {
    new \Kafka\ProducerConnector();
} catch (\Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
zk:
  Create: Kafka\ProducerConnector, pending 0, after 2 addMessage 2, produce() 2, pending 0, produce() again 0
  CreateCached: Kafka\ProducerConnector, pending 0, after 2 addMessage 2, produce() 2, pending 0, produce() again 0
  getAvailableTopics(): list true, has "TOPIC [3]" true, sorted true, internal topics listed: false
  getTopicPartitionCounts(): 3, every entry name => int true, same topics true
  Create($c, GZIP, null, 0.8): produce() 1
  Create($c, 0, new Partitioner()): produce() 1
  consumed 6
kraft:
  Create: Kafka\ProducerConnector, pending 0, after 2 addMessage 2, produce() 2, pending 0, produce() again 0
  CreateCached: Kafka\ProducerConnector, pending 0, after 2 addMessage 2, produce() 2, pending 0, produce() again 0
  getAvailableTopics(): list true, has "TOPIC [3]" true, sorted true, internal topics listed: false
  getTopicPartitionCounts(): 3, every entry name => int true, same topics true
  Create($c, GZIP, null, 0.8): produce() 1
  Create($c, 0, new Partitioner()): produce() 1
  consumed 6
Error: Call to private Kafka\ProducerConnector::__construct() from global scope
