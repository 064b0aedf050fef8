--TEST--
OFFSETS_LATEST stream sees only messages produced after it was created
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$connector = kafka_kraft();
$topic = kafka_unique_topic('latest');
$p = \Kafka\ProducerConnector::Create($connector);
$p->addMessage($topic, "old");
$p->produce();

$cc = \Kafka\ConsumerConnector::Create($connector);
$streams = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_LATEST);
var_dump($streams[0]->nextMessage());
$p->addMessage($topic, "new");
$p->produce();
echo $streams[0]->nextMessage()->payload(), "\n";
var_dump($streams[0]->nextMessage());
?>
--EXPECT--
bool(false)
new
bool(false)
