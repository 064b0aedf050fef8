--TEST--
A ZooKeeper with no brokers registered (an empty chroot) ends in a \Kafka\Exception
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$connector = kafka_zk() . '/no-such-kafka-' . getmypid();
try {
    $p = \Kafka\ProducerConnector::Create($connector);
    $p->addMessage('t', 'x');
    $p->produce();
    echo "no exception\n";
} catch (\Kafka\Exception $e) {
    echo get_class($e), "\n";
    echo str_contains($e->getMessage(), 'no Kafka brokers registered') ? "says no brokers\n" : $e->getMessage() . "\n";
    echo str_contains($e->getMessage(), kafka_zk()) ? "names ZooKeeper\n" : $e->getMessage() . "\n";
}
?>
--EXPECTF--
Kafka\Exception\Connection
says no brokers
names ZooKeeper
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: ZooKeeper 127.0.0.1:2181/no-such-kafka-%d: no Kafka brokers registered under /brokers/ids
