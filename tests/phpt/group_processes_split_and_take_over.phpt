--TEST--
Consumer group across processes: three examples/consumers/daemon -g split a 6-partition topic and print each of 15 000 messages once; one is killed with SIGKILL while 15 000 more arrive, the other two take over its partitions, every message is printed, and duplicates are only the killed member's, at or after its last commit; both clusters
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

const PER_PHASE = 15000;
const PARTITIONS = 6;

/** A daemon in $group: [process, pipes, stdout text, stderr text]. */
function start_member(string $connector, string $topic, string $group): array {
    [$proc, $pipes] = kafka_start_script('consumers/daemon', ['-c', $connector, '-t', $topic, '-g', $group,
        '-o', 'earliest', '-O', 'session_timeout_ms=6000,heartbeat_interval_ms=500,auto_commit_interval_ms=500']);
    return ['proc' => $proc, 'pipes' => $pipes, 'out' => '', 'err' => ''];
}

/** Reads what the members wrote so far. */
function pump(array &$members): void {
    foreach ($members as &$m) {
        while (($chunk = fread($m['pipes'][1], 1 << 20)) !== false && $chunk !== '') {
            $m['out'] .= $chunk;
        }
        while (($chunk = fread($m['pipes'][2], 1 << 16)) !== false && $chunk !== '') {
            $m['err'] .= $chunk;
        }
    }
}

/** The whole lines a member printed, as [partition, offset, payload]; a line cut by SIGKILL is left out. */
function printed(array $m): array {
    $text = substr($m['out'], 0, strrpos($m['out'], "\n") === false ? 0 : strrpos($m['out'], "\n") + 1);
    $rows = [];
    foreach (explode("\n", rtrim($text, "\n")) as $line) {
        if ($line !== '') {
            [, $p, $o, $payload] = explode(' ', $line);
            $rows[] = [(int) $p, (int) $o, (int) $payload];
        }
    }
    return $rows;
}

/** The member's last reported assignment: list of partitions, or null before any. */
function assignment(array $m): ?array {
    if (!preg_match_all('/^group \S+ assigned (.*)$/m', $m['err'], $all)) {
        return null;
    }
    $last = end($all[1]);
    return $last === 'nothing' ? [] : array_map('intval', explode(',', explode(' ', $last)[1]));
}

/** Distinct payloads printed by all members. */
function distinct(array $members): int {
    $seen = [];
    foreach ($members as $m) {
        foreach (printed($m) as [, , $payload]) {
            $seen[$payload] = true;
        }
    }
    return count($seen);
}

function wait_for(array &$members, callable $done, float $seconds): bool {
    $deadline = microtime(true) + $seconds;
    while (microtime(true) < $deadline) {
        pump($members);
        if ($done($members)) {
            return true;
        }
        usleep(50000);
    }
    return false;
}

function produce(string $connector, string $topic, int $from, int $to): void {
    $p = \Kafka\ProducerConnector::Create($connector);
    for ($i = $from; $i < $to; $i++) {
        $p->addMessage($topic, (string) $i, null, $i % PARTITIONS);
    }
    $p->produce();
}

/** Per member and partition, offsets only go up (nothing re-read by one process). */
function in_order(array $members): bool {
    foreach ($members as $m) {
        $last = [];
        foreach (printed($m) as [$p, $o]) {
            if (isset($last[$p]) && $o <= $last[$p]) {
                return false;
            }
            $last[$p] = $o;
        }
    }
    return true;
}

function run_cluster(string $name, string $connector): void {
    $topic = kafka_unique_topic('group-kill');
    $group = "$topic-group";
    kafka_create_topic($topic, PARTITIONS, $name);
    produce($connector, $topic, 0, PER_PHASE);

    // Phase A: the three start together and rebalance while they read.
    $members = [start_member($connector, $topic, $group), start_member($connector, $topic, $group),
        start_member($connector, $topic, $group)];
    $settled = fn ($ms) => distinct($ms) === PER_PHASE
        && array_map(fn ($m) => count(assignment($m) ?? []), $ms) === [2, 2, 2];
    if (!wait_for($members, $settled, 40)) {
        echo "$name: phase A did not settle: ", distinct($members), " distinct, assignments ",
            json_encode(array_map('assignment', $members)), "\n", implode("\n", array_column($members, 'err'));
    }
    $total = array_sum(array_map(fn ($m) => count(printed($m)), $members));
    echo "$name: phase A: ", distinct($members), " messages, $total lines from 3 members with 2 partitions each\n";

    // Phase B: messages keep coming; the member printing the most is killed halfway.
    $step = 1500;
    for ($i = PER_PHASE; $i < PER_PHASE + PER_PHASE / 2; $i += $step) {
        produce($connector, $topic, $i, $i + $step);
        usleep(150000);
        pump($members);
    }
    $sizes = array_map(fn ($m) => strlen($m['out']), $members);
    $k = array_search(max($sizes), $sizes, true);
    $killedParts = assignment($members[$k]);
    proc_terminate($members[$k]['proc'], 9);
    // Until the session timeout nobody else owns the killed member's
    // partitions: what the group has committed for them is its last commit.
    $committed = array_map('intval', \Kafka\ConsumerConnector::Create($connector, $group)->getCommittedOffsets($topic));
    $code = kafka_wait_exit($members[$k]['proc'], 10);
    pump($members);
    echo "$name: killed a member holding ", count($killedParts), " partitions: exit $code\n";
    for ($i = PER_PHASE + PER_PHASE / 2; $i < 2 * PER_PHASE; $i += $step) {
        produce($connector, $topic, $i, $i + $step);
        usleep(150000);
        pump($members);
    }

    $codes = [];
    $tookOver = wait_for($members, fn ($ms) => distinct($ms) === 2 * PER_PHASE
        && array_map(fn ($m) => count(assignment($m) ?? []), array_values(array_diff_key($ms, [$k => true]))) === [3, 3], 40);
    foreach ($members as $i => $m) {
        if ($i !== $k) {
            proc_terminate($m['proc'], SIGTERM);
            $codes[] = kafka_wait_exit($m['proc'], 20);
        }
    }
    pump($members);
    $survivors = array_values(array_diff_key($members, [$k => true]));
    echo "$name: survivors took over: ", $tookOver ? 'yes' : 'no', ", exit ", implode(', ', $codes), "\n";

    // Every message at least once; each duplicate printed by the killed member
    // in one of its partitions at or after its last commit, and once more.
    $who = [];
    foreach ($members as $i => $m) {
        foreach (printed($m) as [$p, $o, $payload]) {
            if ($payload % PARTITIONS !== $p) {
                echo "$name: payload $payload in partition $p\n";
            }
            $who["$p:$o"][] = $i;
        }
    }
    $bad = [];
    $dups = 0;
    foreach ($who as $po => $printers) {
        if (count($printers) === 1) {
            continue;
        }
        $dups++;
        [$p, $o] = array_map('intval', explode(':', $po));
        if (count($printers) !== 2 || !in_array($k, $printers, true) || !in_array($p, $killedParts, true)
            || $o < ($committed[$p] ?? 0)) {
            $bad[] = "$po printed by " . implode(',', $printers) . " (killed: $k, its partitions "
                . implode(',', $killedParts) . ", committed " . ($committed[$p] ?? 'none') . ')';
        }
    }
    echo "$name: ", count($who), " distinct messages printed, ", $bad ? 'bad duplicates: ' . implode('; ', array_slice($bad, 0, 5))
        : "duplicates only the killed member's uncommitted ones ($dups)", "\n";
    echo "$name: offsets in order per process and partition: ", in_order($members) ? 'yes' : 'no', "\n";
    foreach ($survivors as $m) {
        if (!str_contains($m['err'], 'stopped by SIGTERM')) {
            echo "$name: survivor stderr:\n{$m['err']}";
        }
        fclose($m['pipes'][0]);
        proc_close($m['proc']);
    }
    proc_close($members[$k]['proc']);
}

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $name => $connector) {
    run_cluster($name, $connector);
}
?>
--EXPECTF--
zk: phase A: 15000 messages, 15000 lines from 3 members with 2 partitions each
zk: killed a member holding 2 partitions: exit 137
zk: survivors took over: yes, exit 0, 0
zk: 30000 distinct messages printed, duplicates only the killed member's uncommitted ones (%d)
zk: offsets in order per process and partition: yes
kraft: phase A: 15000 messages, 15000 lines from 3 members with 2 partitions each
kraft: killed a member holding 2 partitions: exit 137
kraft: survivors took over: yes, exit 0, 0
kraft: 30000 distinct messages printed, duplicates only the killed member's uncommitted ones (%d)
kraft: offsets in order per process and partition: yes
