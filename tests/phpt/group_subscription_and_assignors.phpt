--TEST--
Consumer group subscription and assignment: streams over a second topic (or by a filter) make the member rejoin with it, committing first; two daemons split two 3-partition topics as range and as round-robin assign them; members without a strategy in common get INCONSISTENT_GROUP_PROTOCOL; both clusters
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

function produce(string $connector, string $topic, int $partitions, int $each): void {
    $p = \Kafka\ProducerConnector::Create($connector);
    for ($i = 0; $i < $partitions * $each; $i++) {
        $p->addMessage($topic, "m$i", null, $i % $partitions);
    }
    $p->produce();
}

/** Reads the streams to their ends: how many messages. */
function drain(array $streams): int {
    $n = 0;
    foreach ($streams as $s) {
        while ($s->nextMessage()) {
            $n++;
        }
    }
    return $n;
}

/** The daemons' last "assigned" lines, once they are disjoint and cover $total partitions (or after 30 s). */
function settled_assignments(array $members, int $total): array {
    $err = array_fill(0, count($members), '');
    $deadline = microtime(true) + 30;
    do {
        usleep(100000);
        $last = [];
        $count = 0;
        foreach ($members as $i => [, $pipes]) {
            $err[$i] .= (string) stream_get_contents($pipes[2]);
            preg_match_all('/assigned (.*)$/m', $err[$i], $all);
            $last[$i] = end($all[1]) ?: '';
            $count += preg_match_all('/[ ,]\d+(?=[,;]|$)/', $last[$i]);
        }
    } while (($count !== $total || in_array('', $last, true)) && microtime(true) < $deadline);
    sort($last);
    return $last;
}

function stop(array $members): void {
    foreach ($members as [$proc, $pipes]) {
        proc_terminate($proc, SIGTERM);
        kafka_wait_exit($proc, 20);
        proc_close($proc);
    }
}

foreach (['zk' => [kafka_zk(), 'roundrobin'], 'kraft' => [kafka_kraft(), 'range']] as $name => [$connector, $strategy]) {
    echo "=== $name\n";
    $prefix = kafka_unique_topic('group-sub');
    [$a, $b, $c] = ["$prefix-a", "$prefix-b", "$prefix-c"];
    $names = [$a => 'A', $b => 'B', $c => 'C', $prefix => 'G'];
    foreach ([$a, $b, $c] as $t) {
        kafka_create_topic($t, 3, $name);
        produce($connector, $t, 3, 2);
    }

    // One process: the subscription grows with each createMessageStreams*().
    $cc = \Kafka\ConsumerConnector::Create($connector, "$prefix-g", ['auto_commit_interval_ms' => 0]);
    $streams = $cc->createMessageStreams($a, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
    echo "A: ", drain($streams), " messages, assigned ", strtr(json_encode($cc->getAssignment()), $names), "\n";
    $streams = array_merge($streams, $cc->createMessageStreams($b, 65536, \Kafka\Kafka::OFFSETS_EARLIEST));
    echo "A and B: ", drain($streams), " messages, assigned ", strtr(json_encode($cc->getAssignment()), $names), "\n";
    // No automatic commits, none asked for: the rejoin committed A first.
    echo "committed of A: ", json_encode($cc->getCommittedOffsets($a)), "\n";
    $streams = array_merge($streams, $cc->createMessageStreamsByFilter(new \Kafka\TopicList([$c]), 65536, \Kafka\Kafka::OFFSETS_EARLIEST));
    echo "A, B and C (by filter): ", drain($streams), " messages, assigned ", strtr(json_encode($cc->getAssignment()), $names), "\n";
    $cc->close();
    unset($cc, $streams);

    // Two processes on A and B with one strategy.
    $args = ['-c', $connector, '-t', "$a,$b", '-g', "$prefix-$strategy", '-O',
        "heartbeat_interval_ms=300,partition_assignment_strategy=$strategy"];
    $members = [kafka_start_script('consumers/daemon', $args), kafka_start_script('consumers/daemon', $args)];
    echo "$strategy: ", strtr(implode(' | ', settled_assignments($members, 6)), $names), "\n";

    // A third member that speaks only the other strategy cannot join them.
    $other = $strategy === 'range' ? 'roundrobin' : 'range';
    $args[count($args) - 1] = "partition_assignment_strategy=$other";
    $r = kafka_run_script('consumers/daemon', $args);
    echo "$other alone: exit $r[0], ", strtr(explode("\n", $r[2])[1], $names + ['127.0.0.1:9092' => 'BROKER', '127.0.0.1:9192' => 'BROKER']), "\n";
    stop($members);
}
?>
--EXPECT--
=== zk
A: 6 messages, assigned {"A":[0,1,2]}
A and B: 6 messages, assigned {"A":[0,1,2],"B":[0,1,2]}
committed of A: ["2","2","2"]
A, B and C (by filter): 6 messages, assigned {"A":[0,1,2],"B":[0,1,2],"C":[0,1,2]}
roundrobin: A 0,2; B 1 | A 1; B 0,2
range alone: exit 2, consumers/daemon: broker BROKER returned INCONSISTENT_GROUP_PROTOCOL (23) for JoinGroup of group "G-roundrobin"
=== kraft
A: 6 messages, assigned {"A":[0,1,2]}
A and B: 6 messages, assigned {"A":[0,1,2],"B":[0,1,2]}
committed of A: ["2","2","2"]
A, B and C (by filter): 6 messages, assigned {"A":[0,1,2],"B":[0,1,2],"C":[0,1,2]}
range: A 0,1; B 0,1 | A 2; B 2
roundrobin alone: exit 2, consumers/daemon: broker BROKER returned INCONSISTENT_GROUP_PROTOCOL (23) for JoinGroup of group "G-range"
