--TEST--
Interop: with Fetch v0-v2, a batch bigger than the fetch size is reported (MessageTooLarge), not taken for the end of the partition
--SKIPIF--
<?php require __DIR__ . '/_interop.inc'; interop_skip_unless_ready(false, 'zk', 'kafka39'); ?>
--FILE--
<?php
require __DIR__ . '/_interop.inc';
$c = interop_clusters()['zk'];
$topic = kafka_unique_topic('legacy-too-large');
// One message of 100 000 bytes from kcat (librdkafka), stored as record batch v2.
kcat(['-P', '-q', '-b', $c['kcat'], '-t', $topic, '-p', '0', '-D', '|#|'], str_repeat('x', 100000) . '|#|');
foreach ([0, 1, 2] as $version) {
    $cc = \Kafka\ConsumerConnector::Create($c['php'], null, ['fetch_max_version' => $version]);
    $stream = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
    try {
        $m = $stream->nextMessage();
        echo "v$version: ", $m === false ? 'false (messages are there: the partition is not caught up)' : 'message ' . $m->offset(), "\n";
    } catch (\Kafka\Exception\MessageTooLarge $e) {
        echo "v$version: MessageTooLarge\n";
    }
}
// With a fetch size that holds the batch, the message arrives.
$cc = \Kafka\ConsumerConnector::Create($c['php'], null, ['fetch_max_version' => 2]);
$stream = $cc->createMessageStreams($topic, 1048576, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
$n = 0;
while ($stream->nextMessage()) { $n++; }
echo "v2 with 1 MiB: $n messages\n";
?>
--EXPECT--
v0: MessageTooLarge
v1: MessageTooLarge
v2: MessageTooLarge
v2 with 1 MiB: 1 messages
