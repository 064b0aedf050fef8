--TEST--
A message larger than maxFetchSize still arrives whole, on both clusters
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
foreach ([kafka_zk(), kafka_kraft()] as $connector) {
    $topic = kafka_unique_topic('bigmsg');
    $p = \Kafka\ProducerConnector::Create($connector);
    $big = random_bytes(300 * 1024);
    $p->addMessage($topic, 'small');
    $p->addMessage($topic, $big);
    $p->addMessage($topic, 'after');
    $p->produce();
    $cc = \Kafka\ConsumerConnector::Create($connector);
    $s = $cc->createMessageStreams($topic, 1024, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
    $got = [];
    while ($m = $s->nextMessage()) {
        $got[] = $m->size() . ($m->payload() === $big ? ' (the big one, intact)' : '');
    }
    echo implode(', ', $got), "\n";
}
?>
--EXPECT--
5, 307200 (the big one, intact), 5
5, 307200 (the big one, intact), 5
