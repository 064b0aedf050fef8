--TEST--
examples/producers/daemon: 10 000 lines of stdin, all consumed in order per partition; idle input is sent at once; SIGTERM
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';
foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $cluster => $connector) {
    echo "=== $cluster\n";
    $topic = kafka_unique_topic('daemon');
    kafka_create_topic($topic, 3, $cluster);
    $lines = implode("\n", range(1, 10000)) . "\n";
    kafka_show(kafka_run_script('producers/daemon', ['-c', $connector, '-t', $topic], $lines), [$topic => 'TOPIC']);

    [$code, $out, $err] = kafka_run_script('consumers/consumer', ['-c', $connector, '-t', $topic]);
    $printed = explode("\n", rtrim($out, "\n"));
    echo "consumer: exit $code, ", array_pop($printed), ', ', kafka_check_lines($printed, 10000), $err, "\n";

    // Lines that arrive slowly are produced while the input is still open;
    // SIGTERM ends the daemon cleanly.
    $topic = kafka_unique_topic('daemon-slow');
    [$proc, $pipes] = kafka_start_script('producers/daemon', ['-c', $connector, '-t', $topic]);
    fwrite($pipes[0], "first\nsecond\n");
    $seen = [];
    $deadline = microtime(true) + 20;
    while (count($seen) < 2 && microtime(true) < $deadline) {
        try {
            $streams = \Kafka\ConsumerConnector::Create($connector)->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST);
            $seen = [];
            while ($m = $streams[0]->nextMessage()) {
                $seen[] = $m->payload();
            }
        } catch (\Kafka\Exception\TopicUnavailable $e) {
            usleep(100000); // not produced yet
        }
    }
    echo "seen with the input still open: ", implode(', ', $seen), "\n";
    proc_terminate($proc, 15);
    $code = kafka_wait_exit($proc, 20);
    echo "exit $code\n", str_replace($topic, 'SLOW', stream_get_contents($pipes[2])), stream_get_contents($pipes[1]);
    fclose($pipes[0]);
    proc_close($proc);
}
?>
--EXPECT--
=== zk
exit 0
stderr:
produced 10000 message(s) to TOPIC in 10 batch(es), at end of input
consumer: exit 0, 10000 message(s), 1..10000 once each, in order per partition
seen with the input still open: first, second
exit 0
produced 2 message(s) to SLOW in 1 batch(es), stopped by SIGTERM
=== kraft
exit 0
stderr:
produced 10000 message(s) to TOPIC in 10 batch(es), at end of input
consumer: exit 0, 10000 message(s), 1..10000 once each, in order per partition
seen with the input still open: first, second
exit 0
produced 2 message(s) to SLOW in 1 batch(es), stopped by SIGTERM
