--TEST--
Options of one connector do not change another connector that shares its pooled connections
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kafka39'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$topic = kafka_unique_topic('opts');
$p = \Kafka\ProducerConnector::Create(kafka_zk());
$p->addMessage($topic, 'x');
$p->produce();

// Fetch v1 answers with magic-0 messages, which carry no timestamp (-1).
$legacy = \Kafka\ConsumerConnector::Create(kafka_zk(), null, ['fetch_max_version' => 1]);
$modern = \Kafka\ConsumerConnector::Create(kafka_zk());
foreach (['legacy' => $legacy, 'modern' => $modern, 'legacy again' => $legacy] as $name => $cc) {
    $m = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST)[0]->nextMessage();
    echo $name, ': ', $m->timestamp() === -1 ? 'no timestamp' : 'timestamp', "\n";
}
?>
--EXPECT--
legacy: no timestamp
modern: timestamp
legacy again: no timestamp
