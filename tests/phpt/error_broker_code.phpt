--TEST--
A broker error code (MESSAGE_TOO_LARGE) ends in BrokerError with the code and its name
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
foreach ([kafka_zk(), kafka_kraft()] as $connector) {
    $topic = kafka_unique_topic('toolarge');
    $p = \Kafka\ProducerConnector::Create($connector);
    // Above the brokers' default message.max.bytes (1 MiB): incompressible bytes.
    $p->addMessage($topic, random_bytes(2 * 1024 * 1024));
    try {
        $p->produce();
        echo "no exception\n";
    } catch (\Kafka\Exception\BrokerError $e) {
        echo get_class($e), ' ', $e->getKafkaCode(), ' ', $e->getKafkaName(), "\n";
        echo str_contains($e->getMessage(), "$topic/0") ? "names the partition\n" : $e->getMessage() . "\n";
        echo str_contains($e->getMessage(), 'MESSAGE_TOO_LARGE') ? "names the error\n" : $e->getMessage() . "\n";
    }
}
?>
--EXPECT--
Kafka\Exception\BrokerError 10 MESSAGE_TOO_LARGE
names the partition
names the error
Kafka\Exception\BrokerError 10 MESSAGE_TOO_LARGE
names the partition
names the error
