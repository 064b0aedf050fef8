--TEST--
Consumer group commits: a daemon restarted in its group continues after its last commit (both clusters); positions are committed and the group left when the connector and its streams are destroyed (script end, end of a function, unset of the last of them); commitOffsets(); a commit that fails at destruction is reported in the error log
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

function produce(string $connector, string $topic, int $from, int $to): void {
    $p = \Kafka\ProducerConnector::Create($connector);
    for ($i = $from; $i < $to; $i++) {
        $p->addMessage($topic, "m$i", null, $i % 2);
    }
    $p->produce();
}

function committed(string $connector, string $group, string $topic): string {
    return json_encode(\Kafka\ConsumerConnector::Create($connector, $group)->getCommittedOffsets($topic));
}

/** Runs the daemon in $group until it printed $lines lines, then SIGTERM: its sorted lines and stderr. */
function daemon_run(string $connector, string $topic, string $group, int $lines): string {
    [$proc, $pipes] = kafka_start_script('consumers/daemon', ['-c', $connector, '-t', $topic, '-g', $group, '-o', 'earliest']);
    $out = kafka_read_until($pipes[1], fn ($t) => substr_count($t, "\n") >= $lines, 30);
    usleep(500000); // nothing more may come
    $out .= kafka_read_until($pipes[1], fn ($t) => false, 0.2);
    proc_terminate($proc, SIGTERM);
    $code = kafka_wait_exit($proc, 20);
    $out .= stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[0]);
    proc_close($proc);
    $out = explode("\n", rtrim($out, "\n"));
    sort($out);
    return "exit $code\n" . str_replace([$group, $topic], ['G', 'T'], implode("\n", $out) . "\n$err");
}

echo "=== restart continues after the last commit\n";
foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $name => $connector) {
    $topic = kafka_unique_topic('group-restart');
    $group = "$topic-g";
    kafka_create_topic($topic, 2, $name);
    produce($connector, $topic, 0, 6);
    echo "$name, first run:\n", daemon_run($connector, $topic, $group, 6);
    produce($connector, $topic, 6, 10);
    echo "$name, second run:\n", daemon_run($connector, $topic, $group, 4);
    echo "$name committed: ", committed($connector, $group, $topic), "\n";
}

$connector = kafka_kraft();
$topic = kafka_unique_topic('group-destroy');
kafka_create_topic($topic, 2, 'kraft');
produce($connector, $topic, 0, 20);
$options = ['auto_commit_interval_ms' => 0];

echo "=== script end\n";
$script = tempnam(sys_get_temp_dir(), 'kgroup');
file_put_contents($script, '<?php
[, $connector, $topic, $group] = $argv;
$cc = \Kafka\ConsumerConnector::Create($connector, $group, ["auto_commit_interval_ms" => 0]);
$streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
for ($i = 0; $i < 3; $i++) {
    echo $streams[0]->nextMessage()->offset(), "\n";
}
// no close(): the script ends with $cc and $streams alive
');
$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . kafka_ext_path(), $script, $connector, $topic, "$topic-end"],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]), 'exit ', proc_close($p), "\n";
unlink($script);
echo "committed: ", committed($connector, "$topic-end", $topic), "\n";
// The script's member left: a new one is given both partitions at once,
// not after the session timeout (30 s) of a member that vanished.
[$proc, $pipes] = kafka_start_script('consumers/daemon', ['-c', $connector, '-t', $topic, '-g', "$topic-end", '-o', 'earliest']);
$t = microtime(true);
$err = kafka_read_until($pipes[2], fn ($e) => str_contains($e, 'assigned'), 20);
$took = microtime(true) - $t;
proc_terminate($proc, SIGTERM);
kafka_wait_exit($proc, 20);
proc_close($proc);
echo str_replace($topic, 'T', explode("\n", $err)[1]), ', within 10 s: ', $took < 10 ? 'yes' : "no ($took s)", "\n";

echo "=== end of a function\n";
function read_two(string $connector, string $topic, string $group, array $options): void {
    $cc = \Kafka\ConsumerConnector::Create($connector, $group, $options);
    $streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
    echo $streams[1]->nextMessage()->offset(), ' ', $streams[1]->nextMessage()->offset(), "\n";
}
read_two($connector, $topic, "$topic-fn", $options);
echo "committed: ", committed($connector, "$topic-fn", $topic), "\n";
read_two($connector, $topic, "$topic-fn", $options);
echo "committed: ", committed($connector, "$topic-fn", $topic), "\n";

echo "=== unset: the last of the connector and its streams commits\n";
$cc = \Kafka\ConsumerConnector::Create($connector, "$topic-fn", $options);
$streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
echo $streams[1]->nextMessage()->offset(), "\n";
var_dump($cc->getAssignment() === [$topic => [0, 1]]);
$first = $streams[0];
unset($cc);
echo "connector unset, committed: ", committed($connector, "$topic-fn", $topic), "\n";
unset($streams);
echo "streams unset, committed: ", committed($connector, "$topic-fn", $topic), "\n";
echo $first->nextMessage()->offset(), "\n";
unset($first);
echo "last stream unset, committed: ", committed($connector, "$topic-fn", $topic), "\n";

echo "=== commitOffsets() and close()\n";
$cc = \Kafka\ConsumerConnector::Create($connector, "$topic-fn", $options);
$streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
echo $streams[0]->nextMessage()->offset(), ' ', $streams[0]->nextMessage()->offset(), "\n";
echo "before commitOffsets: ", committed($connector, "$topic-fn", $topic), "\n";
$cc->commitOffsets();
echo "after commitOffsets: ", committed($connector, "$topic-fn", $topic), "\n";
echo $streams[0]->nextMessage()->offset(), "\n";
$cc->close();
echo "after close: ", committed($connector, "$topic-fn", $topic), "\n";
$cc->close();
$cc->commitOffsets();
var_dump($cc->getAssignment());
try {
    $streams[0]->nextMessage();
} catch (\Kafka\Exception $e) {
    echo get_class($e), ': ', str_replace($topic, 'T', $e->getMessage()), "\n";
}
unset($cc, $streams);

echo "=== a commit that fails at destruction is logged\n";
// The member stops calling in for longer than its session: the group drops it.
$cc = \Kafka\ConsumerConnector::Create($connector, "$topic-late", $options + ['session_timeout_ms' => 6000, 'heartbeat_interval_ms' => 1000]);
$streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
echo $streams[0]->nextMessage()->offset(), "\n";
sleep(8);
try {
    $cc->commitOffsets();
} catch (\Kafka\Exception\BrokerError $e) {
    echo get_class($e), ' ', $e->getKafkaName(), "\n";
}
unset($cc, $streams);
echo "committed: ", committed($connector, "$topic-late", $topic), "\n";
?>
--EXPECTF--
=== restart continues after the last commit
zk, first run:
exit 0
T 0 0 m0
T 0 1 m2
T 0 2 m4
T 1 0 m1
T 1 1 m3
T 1 2 m5
following T (2 partition(s)) in group G, stop with Ctrl-C or SIGTERM
group G assigned T 0,1
stopped by SIGTERM after 6 message(s)
zk, second run:
exit 0
T 0 3 m6
T 0 4 m8
T 1 3 m7
T 1 4 m9
following T (2 partition(s)) in group G, stop with Ctrl-C or SIGTERM
group G assigned T 0,1
stopped by SIGTERM after 4 message(s)
zk committed: ["5","5"]
kraft, first run:
exit 0
T 0 0 m0
T 0 1 m2
T 0 2 m4
T 1 0 m1
T 1 1 m3
T 1 2 m5
following T (2 partition(s)) in group G, stop with Ctrl-C or SIGTERM
group G assigned T 0,1
stopped by SIGTERM after 6 message(s)
kraft, second run:
exit 0
T 0 3 m6
T 0 4 m8
T 1 3 m7
T 1 4 m9
following T (2 partition(s)) in group G, stop with Ctrl-C or SIGTERM
group G assigned T 0,1
stopped by SIGTERM after 4 message(s)
kraft committed: ["5","5"]
=== script end
0
1
2
exit 0
committed: ["3"]
group T-end assigned T 0,1, within 10 s: yes
=== end of a function
0 1
committed: {"1":"2"}
2 3
committed: {"1":"4"}
=== unset: the last of the connector and its streams commits
4
bool(true)
connector unset, committed: {"1":"4"}
streams unset, committed: {"1":"4"}
0
last stream unset, committed: ["1","5"]
=== commitOffsets() and close()
1 2
before commitOffsets: ["1","5"]
after commitOffsets: ["3","5"]
3
after close: ["4","5"]
array(0) {
}
Kafka\Exception: Kafka\MessageStream::nextMessage(): the ConsumerConnector of group "T-fn" was closed
=== a commit that fails at destruction is logged
0
Kafka\Exception\BrokerError UNKNOWN_MEMBER_ID
kafka_rs: consumer group "%s-late": the positions read since the last commit were not committed when the ConsumerConnector and its streams were destroyed, so the group will read those messages again: broker 127.0.0.1:9192 returned UNKNOWN_MEMBER_ID (25) for OffsetCommit of %s/0 of group "%s-late"
committed: []
