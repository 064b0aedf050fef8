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
}
try {
    $cc = \Kafka\ConsumerConnector::Create('kafka://127.0.0.1:1');
    $cc->createMessageStreams('t', 65535, \Kafka\Kafka::OFFSETS_EARLIEST);
} catch (\Kafka\Exception\Connection $e) {
    echo "consumer: ", get_class($e), "\n";
}
?>
--EXPECT--
Kafka\Exception\Connection: names the address
bool(true)
Kafka\Exception\Connection: names the address
bool(true)
consumer: Kafka\Exception\Connection
