--TEST--
Seed README producer and consumer through a broker list (Kafka 4.x, KRaft)
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$connector = kafka_kraft();
$topic = kafka_unique_topic('kraft');

$producer = \Kafka\ProducerConnector::Create($connector);
for ($i = 0; $i < 3; $i++) {
    $producer->addMessage($topic, "message $i");
}
$producer->produce();

// The seed README's "consume everything" loop, ended once caught up.
$cc = \Kafka\ConsumerConnector::Create($connector);
$messageStreams = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST);
$fetchCount = 0;
foreach ($messageStreams as $mid => $messageStream) {
    while ($message = $messageStream->nextMessage()) {
        $fetchCount++;
        echo $message->offset(), ' ', $message->payload(), "\n";
    }
}
echo "fetched $fetchCount\n";
?>
--EXPECT--
0 message 0
1 message 1
2 message 2
fetched 3
