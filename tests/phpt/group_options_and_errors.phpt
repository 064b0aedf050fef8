--TEST--
Consumer group settings and errors: group options checked at Create() (ValueError), not taken by producers; kafka_rs.auto_commit_interval_ms and the per-connector interval commit on their own (0: never); methods needing a group throw without one; a session timeout the broker refuses ends in a clear BrokerError; a group that never committed has no offsets; both clusters
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

function attempt(string $label, callable $f): void {
    try {
        $r = $f();
        echo "$label: ok", $r === null || is_object($r) ? '' : ' ' . json_encode($r), "\n";
    } catch (\Throwable $e) {
        echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "=== options\n";
$zk = kafka_zk();
$create = fn (array $o) => fn () => \Kafka\ConsumerConnector::Create($zk, 'g', $o);
attempt('session_timeout_ms 0', $create(['session_timeout_ms' => 0]));
attempt('heartbeat_interval_ms "x"', $create(['heartbeat_interval_ms' => 'x']));
attempt('rebalance_timeout_ms -1', $create(['rebalance_timeout_ms' => -1]));
attempt('auto_commit_interval_ms -1', $create(['auto_commit_interval_ms' => -1]));
attempt('auto_commit_interval_ms 0', $create(['auto_commit_interval_ms' => 0]));
attempt('heartbeat 3000 >= session 3000', $create(['session_timeout_ms' => 3000]));
attempt('heartbeat 1000 < session 3000', $create(['session_timeout_ms' => 3000, 'heartbeat_interval_ms' => 1000]));
attempt('strategy "sticky"', $create(['partition_assignment_strategy' => 'sticky']));
attempt('strategy []', $create(['partition_assignment_strategy' => []]));
attempt('strategy ["range", 5]', $create(['partition_assignment_strategy' => ['range', 5]]));
attempt('strategy ["roundrobin", "range"]', $create(['partition_assignment_strategy' => ['roundrobin', 'range']]));
attempt('strategy "roundrobin, range"', $create(['partition_assignment_strategy' => 'roundrobin, range']));
attempt('producer session_timeout_ms', fn () => \Kafka\ProducerConnector::Create($zk, 0, null, ['session_timeout_ms' => 6000]));
echo 'kafka_rs.auto_commit_interval_ms: ', ini_get('kafka_rs.auto_commit_interval_ms'), "\n";

echo "=== without a group\n";
$cc = \Kafka\ConsumerConnector::Create($zk);
attempt('commitOffsets', fn () => $cc->commitOffsets());
attempt('getCommittedOffsets', fn () => $cc->getCommittedOffsets('t'));
attempt('getAssignment', fn () => $cc->getAssignment());
attempt('close', fn () => $cc->close());

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $name => $connector) {
    echo "=== $name\n";
    $topic = kafka_unique_topic('group-options');
    $group = "$topic-g";
    $p = \Kafka\ProducerConnector::Create($connector);
    for ($i = 0; $i < 5; $i++) {
        $p->addMessage($topic, "m$i");
    }
    $p->produce();
    $rename = fn (string $s) => strtr($s, [$group => 'G', $topic => 'T', '127.0.0.1:9092' => 'BROKER', '127.0.0.1:9192' => 'BROKER']);

    $cc = \Kafka\ConsumerConnector::Create($connector, $group);
    attempt('never committed', fn () => $cc->getCommittedOffsets($topic));
    attempt('unknown topic', fn () => $cc->getCommittedOffsets("$topic-missing"));

    // Below the broker's group.min.session.timeout.ms (6000).
    $cc = \Kafka\ConsumerConnector::Create($connector, $group, ['session_timeout_ms' => 3000, 'heartbeat_interval_ms' => 1000]);
    $s = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
    try {
        $s[0]->nextMessage();
    } catch (\Kafka\Exception\BrokerError $e) {
        echo 'session 3000 ms: ', get_class($e), ' ', $e->getKafkaName(), ': ', $rename($e->getMessage()), "\n";
    }
    unset($cc, $s);

    // Automatic commits: on the first read after the interval (that read's message is not in it yet).
    foreach ([['auto_commit_interval_ms' => 1000], ['ini' => '1000'], ['ini' => '0']] as $i => $setting) {
        ini_set('kafka_rs.auto_commit_interval_ms', $setting['ini'] ?? '10000');
        $cc = \Kafka\ConsumerConnector::Create($connector, "$group-$i", isset($setting['ini']) ? null : $setting);
        $s = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
        $read = [$s[0]->nextMessage()->offset()];
        usleep(1100000);
        $read[] = $s[0]->nextMessage()->offset();
        echo json_encode($setting), ': read ', implode(',', $read), ', committed ', json_encode($cc->getCommittedOffsets($topic)), "\n";
        $cc->close();
        unset($cc, $s);
    }
    ini_restore('kafka_rs.auto_commit_interval_ms');
}
?>
--EXPECTF--
=== options
session_timeout_ms 0: ValueError: option "session_timeout_ms" must be an integer >= 1, 0 given
heartbeat_interval_ms "x": ValueError: option "heartbeat_interval_ms" must be an integer >= 1, "x" given
rebalance_timeout_ms -1: ValueError: option "rebalance_timeout_ms" must be an integer >= 1, -1 given
auto_commit_interval_ms -1: ValueError: option "auto_commit_interval_ms" must be an integer >= 0, -1 given
auto_commit_interval_ms 0: ok
heartbeat 3000 >= session 3000: ValueError: option "heartbeat_interval_ms" (3000 ms) must be less than "session_timeout_ms" (3000 ms)
heartbeat 1000 < session 3000: ok
strategy "sticky": ValueError: option "partition_assignment_strategy" must be "range", "roundrobin" or a list of them, "sticky" given
strategy []: ValueError: option "partition_assignment_strategy" must be "range", "roundrobin" or a list of them, array given
strategy ["range", 5]: ValueError: option "partition_assignment_strategy" must be "range", "roundrobin" or a list of them, array given
strategy ["roundrobin", "range"]: ok
strategy "roundrobin, range": ok
producer session_timeout_ms: ValueError: unknown option "session_timeout_ms" (known: acks, connect_timeout_ms, request_timeout_ms, retries, batch_bytes, metadata_ttl_ms, fetch_wait_ms, fetch_max_version, isolation_level, client_id)
kafka_rs.auto_commit_interval_ms: 10000
=== without a group
commitOffsets: Kafka\Exception: Kafka\ConsumerConnector::commitOffsets(): this connector has no consumer group (ConsumerConnector::Create() was given no $groupId)
getCommittedOffsets: Kafka\Exception: Kafka\ConsumerConnector::getCommittedOffsets(): this connector has no consumer group (ConsumerConnector::Create() was given no $groupId)
getAssignment: ok []
close: ok
=== zk
never committed: ok []
unknown topic: Kafka\Exception\TopicUnavailable: topic "%s-missing" is unavailable: %s
session 3000 ms: Kafka\Exception\BrokerError INVALID_SESSION_TIMEOUT: broker BROKER returned INVALID_SESSION_TIMEOUT (26) for JoinGroup of group "G"
{"auto_commit_interval_ms":1000}: read 0,1, committed ["1"]
{"ini":"1000"}: read 0,1, committed ["1"]
{"ini":"0"}: read 0,1, committed []
=== kraft
never committed: ok []
unknown topic: Kafka\Exception\TopicUnavailable: topic "%s-missing" is unavailable: %s
session 3000 ms: Kafka\Exception\BrokerError INVALID_SESSION_TIMEOUT: broker BROKER returned INVALID_SESSION_TIMEOUT (26) for JoinGroup of group "G"
{"auto_commit_interval_ms":1000}: read 0,1, committed ["1"]
{"ini":"1000"}: read 0,1, committed ["1"]
{"ini":"0"}: read 0,1, committed []
