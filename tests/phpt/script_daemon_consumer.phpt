--TEST--
examples/consumers/daemon: follows new messages of two topics, then SIGTERM (or SIGINT) ends it with exit 0
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

/** Starts the daemon, waits until it follows, produces $new, reads $expect lines, sends $signal. */
function follow(string $connector, array $args, array $new, int $expect, int $signal, array $rename): void {
    [$proc, $pipes] = kafka_start_script('consumers/daemon', ['-c', $connector, ...$args]);
    $err = kafka_read_until($pipes[2], fn ($t) => str_contains($t, "\n"), 30);
    $producer = \Kafka\ProducerConnector::Create($connector);
    foreach ($new as [$topic, $partition, $payload]) {
        $producer->addMessage($topic, $payload, null, $partition);
    }
    $producer->produce();
    $out = kafka_read_until($pipes[1], fn ($t) => substr_count($t, "\n") >= $expect, 30);
    usleep(300000); // nothing more may come
    $out .= kafka_read_until($pipes[1], fn ($t) => false, 0.3);
    proc_terminate($proc, $signal);
    $code = kafka_wait_exit($proc, 20);
    $out .= stream_get_contents($pipes[1]);
    $err .= stream_get_contents($pipes[2]);
    $lines = explode("\n", rtrim($out, "\n"));
    sort($lines); // partitions are fetched in turn: sorted for a stable order
    echo "exit $code\n", strtr(implode("\n", $lines) . "\n" . $err, $rename);
    fclose($pipes[0]);
    proc_close($proc);
}

echo "=== zk: two topics, from the latest offset (the default), SIGTERM\n";
$a = kafka_unique_topic('follow-a');
$b = kafka_unique_topic('follow-b');
kafka_create_topic($a, 2, 'zk');
$p = \Kafka\ProducerConnector::Create(kafka_zk());
$p->addMessage($a, 'old a', null, 0);
$p->addMessage($b, 'old b'); // auto-creates b with 1 partition
$p->produce();
follow(kafka_zk(), ['-t', "$a,$b"], [[$a, 1, 'a1'], [$a, 0, 'a0'], [$b, 0, 'b1'], [$b, 0, 'b2']], 4, SIGTERM, [$a => 'A', $b => 'B']);

echo "=== kraft: -o earliest, SIGINT\n";
$c = kafka_unique_topic('follow-c');
$p = \Kafka\ProducerConnector::Create(kafka_kraft());
$p->addMessage($c, 'old c');
$p->produce();
follow(kafka_kraft(), ['-t', $c, '-o', 'earliest'], [[$c, 0, 'new c']], 2, SIGINT, [$c => 'C']);
?>
--EXPECT--
=== zk: two topics, from the latest offset (the default), SIGTERM
exit 0
A 0 1 a0
A 1 0 a1
B 0 1 b1
B 0 2 b2
following A,B (3 partition(s)), stop with Ctrl-C or SIGTERM
stopped by SIGTERM after 4 message(s)
=== kraft: -o earliest, SIGINT
exit 0
C 0 0 old c
C 0 1 new c
following C (1 partition(s)), stop with Ctrl-C or SIGTERM
stopped by SIGINT after 2 message(s)
