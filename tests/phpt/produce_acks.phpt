--TEST--
acks 0, 1 and all, as an option and as the kafka_rs.acks ini setting
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
foreach ([kafka_zk(), kafka_kraft()] as $connector) {
    $topic = kafka_unique_topic('acks');
    foreach ([0, 1, -1, 'all'] as $acks) {
        $p = \Kafka\ProducerConnector::Create($connector, 0, null, ['acks' => $acks]);
        $p->addMessage($topic, "acks=$acks");
        echo $p->produce(), ' ';
    }
    ini_set('kafka_rs.acks', '-1');
    $p = \Kafka\ProducerConnector::Create($connector);
    $p->addMessage($topic, 'acks from ini');
    echo $p->produce(), "\n";
    ini_restore('kafka_rs.acks');
    // acks=0 gets no answer: wait until the broker has appended it.
    $cc = \Kafka\ConsumerConnector::Create($connector);
    $s = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
    $got = [];
    for ($tries = 0; count($got) < 5 && $tries < 50; $tries++) {
        while ($m = $s->nextMessage()) { $got[] = $m->payload(); }
    }
    sort($got);
    echo implode(' | ', $got), "\n";
}
try {
    \Kafka\ProducerConnector::Create(kafka_zk(), 0, null, ['acks' => 2]);
} catch (\ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
1 1 1 1 1
acks from ini | acks=-1 | acks=0 | acks=1 | acks=all
1 1 1 1 1
acks from ini | acks=-1 | acks=0 | acks=1 | acks=all
ValueError: option "acks" must be 0, 1, -1 or "all", 2 given
