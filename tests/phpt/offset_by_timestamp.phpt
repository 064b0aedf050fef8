--TEST--
A DateTimeInterface as the offset starts each partition at its first message at or after that time
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
foreach ([kafka_zk(), kafka_kraft()] as $connector) {
    $topic = kafka_unique_topic('bytime');
    $p = \Kafka\ProducerConnector::Create($connector);
    $p->addMessage($topic, 'early');
    $p->produce();
    usleep(50000);
    $between = new DateTimeImmutable();
    usleep(50000);
    $p->addMessage($topic, 'late 1');
    $p->addMessage($topic, 'late 2');
    $p->produce();

    $cc = \Kafka\ConsumerConnector::Create($connector);
    $s = $cc->createMessageStreams($topic, 65535, $between)[0];
    echo "starts at offset ", $s->offset(), ":";
    while ($m = $s->nextMessage()) { echo ' ', $m->payload(); }
    echo "\n";
    // A time after every message: the stream starts at the end.
    $s = $cc->createMessageStreams($topic, 65535, new DateTime('+1 hour'))[0];
    echo "future: offset ", $s->offset(), ", ", var_export($s->nextMessage(), true), "\n";
}
try {
    \Kafka\ConsumerConnector::Create(kafka_zk())->createMessageStreams('t', 65535, new stdClass());
} catch (\TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
starts at offset 1: late 1 late 2
future: offset 3, false
starts at offset 1: late 1 late 2
future: offset 3, false
TypeError: Kafka\ConsumerConnector::createMessageStreams(): Argument #3 ($offset) must be of type string|int|DateTimeInterface, stdClass given
