--TEST--
Seed README producer and consumer through ZooKeeper discovery (Kafka 3.9)
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kafka39'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$connector = kafka_zk();
$topic = kafka_unique_topic('zk');
$message = "Hello world!";

// The seed README's producer, unchanged.
$producer = \Kafka\ProducerConnector::Create($connector);
$producer->addMessage($topic, $message);
$producer->produce();

// The seed README's first consumer, unchanged.
$cc = \Kafka\ConsumerConnector::Create($connector);
$messageStream = $cc->createMessageStreams(
    $topic,
    65535,
    \Kafka\Kafka::OFFSETS_EARLIEST
);
$message = $messageStream[0]->nextMessage();
echo $message->payload() . "\n";
var_dump($message->offset(), $message->topic() === $topic, $message->partition());
// Caught up: false, and polling again still gives false.
var_dump($messageStream[0]->nextMessage(), $messageStream[0]->nextMessage());
?>
--EXPECT--
Hello world!
string(1) "0"
bool(true)
int(0)
bool(false)
bool(false)
