--TEST--
An unreachable connector ends in a \Kafka\Exception naming the address
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--FILE--
<?php
foreach (['127.0.0.1:1', 'kafka://127.0.0.1:1'] as $connector) {
    try {
        $p = \Kafka\ProducerConnector::Create($connector);
        $p->addMessage('t', 'x');
        $p->produce();
        echo "no exception\n";
    } catch (\Kafka\Exception $e) {
        echo get_class($e), ': ', str_contains($e->getMessage(), '127.0.0.1:1') ? 'names the address' : $e->getMessage(), "\n";
        var_dump($e instanceof \RuntimeException);
    }
    unset($p);
}
try {
    $cc = \Kafka\ConsumerConnector::Create('kafka://127.0.0.1:1');
    $cc->createMessageStreams('t', 65535, \Kafka\Kafka::OFFSETS_EARLIEST);
} catch (\Kafka\Exception\Connection $e) {
    echo "consumer: ", get_class($e), "\n";
}
?>
--EXPECTF--
Kafka\Exception\Connection: names the address
bool(true)
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: ZooKeeper 127.0.0.1:1: no server answered: cannot connect: %s
Kafka\Exception\Connection: names the address
bool(true)
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: no broker of "kafka://127.0.0.1:1" answered: cannot connect to 127.0.0.1:1: %s
consumer: Kafka\Exception\Connection
