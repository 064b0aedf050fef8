--TEST--
Consuming a topic that does not exist ends in TopicUnavailable naming the topic
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
foreach ([kafka_zk(), kafka_kraft()] as $connector) {
    $topic = kafka_unique_topic('missing');
    $cc = \Kafka\ConsumerConnector::Create($connector);
    try {
        $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST);
        echo "no exception\n";
    } catch (\Kafka\Exception\TopicUnavailable $e) {
        echo get_class($e), ' ', str_contains($e->getMessage(), $topic) ? 'names the topic' : $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
Kafka\Exception\TopicUnavailable names the topic
Kafka\Exception\TopicUnavailable names the topic
