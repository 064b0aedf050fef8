--TEST--
Aborted transactions and transaction markers written by the Java client are not handed to PHP
--DESCRIPTION--
tests/tools/TransactionalProducer.java (run with the Kafka client jar the test
bed fetched) writes a plain message, an aborted transaction, a committed one
and another plain message. read_committed (the default) shows the committed and
plain ones; read_uncommitted also shows the aborted ones; the control batches
(markers) are never messages.
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft');
if (!glob(__DIR__ . '/../broker/cache/kafka-3.9.2/kafka-clients-*.jar')) die('skip Kafka client jar not fetched (tests/broker/kafka fetch)');
exec('command -v java', $out, $rc); if ($rc) die('skip no java');
?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$jars = realpath(__DIR__ . '/../broker/cache/kafka-3.9.2') . '/*';
$tool = realpath(__DIR__ . '/../tools/TransactionalProducer.java');
foreach ([kafka_zk() => '127.0.0.1:9092', kafka_kraft() => substr(kafka_kraft(), 8)] as $connector => $bootstrap) {
    $topic = kafka_unique_topic('txn');
    $cmd = sprintf('java -Xmx256m -cp %s %s %s %s 2>&1', escapeshellarg($jars), escapeshellarg($tool),
        escapeshellarg($bootstrap), escapeshellarg($topic));
    exec($cmd, $out, $rc);
    if ($rc !== 0) { echo "java producer failed:\n", implode("\n", $out), "\n"; continue; }
    foreach (['read_committed', 'read_uncommitted'] as $isolation) {
        $cc = \Kafka\ConsumerConnector::Create($connector, null, ['isolation_level' => $isolation]);
        $s = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
        $got = [];
        while ($m = $s->nextMessage()) {
            $got[] = $m->offset() . ':' . $m->payload();
        }
        echo str_pad($isolation, 17), implode(' ', $got), "\n";
    }
}
?>
--EXPECT--
read_committed   0:plain-1 4:committed-1 5:committed-2 7:plain-2
read_uncommitted 0:plain-1 1:aborted-1 2:aborted-2 4:committed-1 5:committed-2 7:plain-2
read_committed   0:plain-1 4:committed-1 5:committed-2 7:plain-2
read_uncommitted 0:plain-1 1:aborted-1 2:aborted-2 4:committed-1 5:committed-2 7:plain-2
