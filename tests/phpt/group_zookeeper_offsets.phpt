--TEST--
Consumer group moving from kafka-php: offsets it left in ZooKeeper (/consumers/<group>/offsets/<topic>/<broker>-<partition>, 16 hex digits or decimal; 0.8's /<partition> too) are where a group without Kafka commits starts; $offset where there is neither; once committed to Kafka, Kafka's offsets win; a kafka:// connector does not read ZooKeeper
--SKIPIF--
<?php
require __DIR__ . '/_scripts.inc';
kafka_skip_unless('zk', 'kafka39');
if (!glob(__DIR__ . '/../broker/cache/kafka-3.9.*/zookeeper-*.jar')) { die('skip no ZooKeeper jar in tests/broker/cache'); }
exec('java -version 2>&1', $o, $rc);
if ($rc !== 0) { die('skip no java'); }
?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

/** Runs ZooKeeper's own command-line client (from the test bed's jars) with $commands on stdin. */
function zk_cli(array $commands): void {
    $jars = dirname(glob(__DIR__ . '/../broker/cache/kafka-3.9.*/zookeeper-*.jar')[0]) . '/*';
    $p = proc_open(['java', '-cp', $jars, '-Dlog4j.configuration=file:/dev/null', 'org.apache.zookeeper.ZooKeeperMain',
        '-server', kafka_zk()], [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes);
    fwrite($pipes[0], implode("\n", $commands) . "\nquit\n");
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    if (proc_close($p) !== 0 || preg_match('/Exception|Node does not exist/', $out)) {
        echo "zkCli failed:\n$out\n";
    }
}

/** Nodes in kafka-php's layout for $group: partition node name => stored text. */
function legacy_offsets(string $group, string $topic, array $nodes): void {
    $dir = "/consumers/$group/offsets/$topic";
    $commands = ['create /consumers', "create /consumers/$group", "create /consumers/$group/offsets", "create $dir"];
    foreach ($nodes as $name => $value) {
        $commands[] = "create $dir/$name $value";
    }
    zk_cli($commands);
}

/** Reads every stream to its end: "partition: first..last" per partition read. */
function read_all(array $streams): string {
    $got = [];
    foreach ($streams as $s) {
        $first = $last = null;
        while ($m = $s->nextMessage()) {
            $first ??= $m->offset();
            $last = $m->offset();
            if ($m->payload() !== "{$m->partition()}:{$m->offset()}") {
                echo "unexpected payload {$m->payload()} at {$m->partition()}:{$m->offset()}\n";
            }
        }
        $got[] = $s->partition() . ': ' . ($first === null ? 'nothing' : "$first..$last");
    }
    return implode(', ', $got);
}

$topic = kafka_unique_topic('group-zk');
kafka_create_topic($topic, 4, 'zk');
$p = \Kafka\ProducerConnector::Create(kafka_zk());
for ($partition = 0; $partition < 4; $partition++) {
    for ($i = 0; $i < 20; $i++) {
        $p->addMessage($topic, "$partition:$i", null, $partition);
    }
}
$p->produce();

$group = "$topic-legacy";
legacy_offsets($group, $topic, ['0-0' => '000000000000000c', '0-1' => '5', '2' => '7']);

echo "--- no Kafka commits: ZooKeeper's offsets, \$offset (15) for partition 3\n";
$cc = \Kafka\ConsumerConnector::Create(kafka_zk(), $group, ['auto_commit_interval_ms' => 0]);
echo read_all($cc->createMessageStreams($topic, 65536, 15)), "\n";
$cc->close();
echo "committed to Kafka: ", json_encode($cc->getCommittedOffsets($topic)), "\n";

echo "--- committed to Kafka: Kafka's offsets win\n";
$p->addMessage($topic, '0:20', null, 0);
$p->produce();
$cc = \Kafka\ConsumerConnector::Create(kafka_zk(), $group);
echo read_all($cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST)), "\n";
unset($cc);

echo "--- a kafka:// connector does not read ZooKeeper\n";
legacy_offsets("$group-2", $topic, ['0-0' => '3']);
$cc = \Kafka\ConsumerConnector::Create(kafka_broker39(), "$group-2");
echo read_all([$cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST)[0]]), "\n";
$cc = \Kafka\ConsumerConnector::Create(kafka_zk(), "$group-3");
legacy_offsets("$group-3", $topic, ['0-0' => '3']);
echo read_all([$cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST)[0]]), " (the same through ZooKeeper)\n";
?>
--EXPECT--
--- no Kafka commits: ZooKeeper's offsets, $offset (15) for partition 3
0: 12..19, 1: 5..19, 2: 7..19, 3: 15..19
committed to Kafka: ["20","20","20","20"]
--- committed to Kafka: Kafka's offsets win
0: 20..20, 1: nothing, 2: nothing, 3: nothing
--- a kafka:// connector does not read ZooKeeper
0: 0..20
0: 3..20 (the same through ZooKeeper)
