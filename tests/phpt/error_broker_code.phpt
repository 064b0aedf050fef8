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
    // The message is still queued: destroying the connector retries it, and
    // what cannot be sent is reported in the error log (stderr here).
    unset($p);
}
?>
--EXPECTF--
Kafka\Exception\BrokerError 10 MESSAGE_TOO_LARGE
names the partition
names the error
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: broker 127.0.0.1:9092 returned MESSAGE_TOO_LARGE (10) for produce to phpt-toolarge-%s/0
Kafka\Exception\BrokerError 10 MESSAGE_TOO_LARGE
names the partition
names the error
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: broker 127.0.0.1:9192 returned MESSAGE_TOO_LARGE (10) for produce to phpt-toolarge-%s/0
