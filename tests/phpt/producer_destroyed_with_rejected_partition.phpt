--TEST--
A message produce() rejected for a partition that does not exist is not sent elsewhere when the connector is destroyed
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$topic = kafka_unique_topic('rejected');
$p = \Kafka\ProducerConnector::Create(kafka_kraft());
$p->addMessage($topic, 'first');
$p->produce();
$p->addMessage($topic, 'meant for partition 5', null, 5);
try {
    $p->produce();
} catch (\ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
echo "pending: ", $p->pending(), "\n";
unset($p);   // reports the message in the error log (stderr here), sends nothing
$s = \Kafka\ConsumerConnector::Create(kafka_kraft())->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
while ($m = $s->nextMessage()) {
    echo $m->offset(), ' ', $m->payload(), "\n";
}
?>
--EXPECTF--
ValueError: topic "%s" has 1 partitions; partition 5 does not exist
pending: 1
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: topic "%s" has 1 partitions; partition 5 does not exist
0 first
