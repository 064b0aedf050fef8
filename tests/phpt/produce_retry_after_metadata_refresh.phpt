--TEST--
A retriable error from stale metadata (the topic was deleted) is retried after a metadata refresh
--DESCRIPTION--
The producer caches topic metadata. After the topic is deleted, the broker
answers UNKNOWN_TOPIC_OR_PARTITION, a retriable error: the producer refreshes
its metadata (which lets the broker create the topic again) and retries. With
retries => 0 the same situation ends in BrokerError instead.
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft');
if (!is_executable(__DIR__ . '/../broker/kafka')) die('skip no test bed');
?>
--FILE--
<?php
require __DIR__ . '/_common.inc';

function delete_topic(string $topic, string $bed, \Kafka\ProducerConnector $watcher): void {
    exec(sprintf('%s topic delete %s %s 2>&1', escapeshellarg(__DIR__ . '/../broker/kafka'),
        escapeshellarg($topic), $bed), $out, $rc);
    if ($rc !== 0) { echo implode("\n", $out), "\n"; }
    // Deletion completes in the background: wait until the cluster no longer lists it.
    for ($i = 0; $i < 100 && array_key_exists($topic, $watcher->getTopicPartitionCounts()); $i++) {
        usleep(100000);
    }
    usleep(500000);
}

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $bed => $connector) {
    foreach ([5, 0] as $retries) {
        $topic = kafka_unique_topic("stale$retries");
        // A private cluster (pool off) so that the watcher's fresh metadata is not shared.
        ini_set('kafka_rs.pool', '0');
        $p = \Kafka\ProducerConnector::Create($connector, 0, null, ['retries' => $retries]);
        $watcher = \Kafka\ProducerConnector::Create($connector);
        ini_restore('kafka_rs.pool');
        $p->addMessage($topic, 'before');
        $p->produce();
        delete_topic($topic, $bed, $watcher);
        $p->addMessage($topic, 'after the topic was deleted');
        try {
            $n = $p->produce();
            echo "$bed retries=$retries: $n acknowledged\n";
            $cc = \Kafka\ConsumerConnector::Create($connector);
            $s = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
            $m = $s->nextMessage();
            echo "  the new topic holds: ", $m ? $m->offset() . ' ' . $m->payload() : 'nothing', "\n";
        } catch (\Kafka\Exception\BrokerError $e) {
            echo "$bed retries=$retries: ", get_class($e), ' ', $e->getKafkaName(), "\n";
            ini_set('kafka_rs.shutdown_flush_ms', '0');
            unset($p);
            ini_restore('kafka_rs.shutdown_flush_ms');
        }
    }
}
?>
--EXPECTF--
zk retries=5: 1 acknowledged
  the new topic holds: 0 after the topic was deleted
zk retries=0: Kafka\Exception\BrokerError UNKNOWN_TOPIC_OR_PARTITION
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: kafka_rs.shutdown_flush_ms is 0
kraft retries=5: 1 acknowledged
  the new topic holds: 0 after the topic was deleted
kraft retries=0: Kafka\Exception\BrokerError UNKNOWN_TOPIC_OR_PARTITION
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: kafka_rs.shutdown_flush_ms is 0
