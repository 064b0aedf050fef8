--TEST--
User partitioners decide where produce() sends: a Partitioner subclass, a closure, a function name, an [object, method] callable; a wrong answer is a \Kafka\Exception, an exception thrown by the partitioner propagates, and the messages stay queued
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';

function create_topic(string $topic, int $partitions, string $cluster): void {
    exec(escapeshellarg(__DIR__ . '/../broker/kafka') . ' topic create ' . escapeshellarg($topic)
        . " $partitions $cluster 2>&1", $out, $rc);
    if ($rc !== 0) { echo "topic create $topic failed: ", implode("\n", $out), "\n"; }
}

// kafka-php style: untyped override.
class LengthPartitioner extends \Kafka\Partitioner
{
    public $calls = [];
    public function partition($key, $numPartitions)
    {
        $this->calls[] = [$key, $numPartitions];
        return strlen((string)$key) % $numPartitions;
    }
}
function always_zero($key, $n) { return 0; }
class Router { public function route($key, $n) { return $n - 1; } }

/** payload => partition, read back from every partition of $topic. */
function placements(string $connector, string $topic): array {
    $cc = \Kafka\ConsumerConnector::Create($connector);
    $out = [];
    foreach ($cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST) as $s) {
        while ($m = $s->nextMessage()) { $out[$m->payload()] = $m->partition(); }
    }
    ksort($out);
    return $out;
}

$connector = kafka_kraft();
$topic = kafka_unique_topic('partitioners');
create_topic($topic, 3, 'kraft');

$subclass = new LengthPartitioner();
$partitioners = [
    'subclass' => $subclass,
    'closure' => function ($key, $n) { return $key === null ? 1 : 2; },
    'function name' => 'always_zero',
    '[object, method]' => [new Router(), 'route'],
];
foreach ($partitioners as $label => $partitioner) {
    $p = \Kafka\ProducerConnector::Create($connector, \Kafka\Kafka::COMPRESSION_NONE, $partitioner);
    $p->addMessage($topic, "$label/a", 'a');
    $p->addMessage($topic, "$label/bb", 'bb');
    $p->addMessage($topic, "$label/none");
    $p->addMessage($topic, "$label/int", 7);
    // An explicit partition does not ask the partitioner.
    $p->addMessage($topic, "$label/forced", 'a', 2);
    $p->produce();
}
foreach (placements($connector, $topic) as $payload => $partition) {
    echo "$payload => $partition\n";
}
echo "the subclass was asked: ", json_encode($subclass->calls), "\n";

echo "wrong answers:\n";
$answer = null;
$p = \Kafka\ProducerConnector::Create($connector, 0, function ($key, $n) use (&$answer) {
    if ($answer instanceof \Throwable) { throw $answer; }
    return $answer;
});
$p->addMessage($topic, 'queued', 'k');
foreach ([3, -1, '1', 1.0, null, true, new \UnexpectedValueException('partitioner failed')] as $a) {
    $answer = $a;
    try {
        $p->produce();
        echo "  no exception\n";
    } catch (\Throwable $e) {
        echo '  ', get_class($e), ': ', $e->getMessage(), ' (pending ', $p->pending(), ")\n";
    }
}
// Once the partitioner answers well, a later produce() sends what stayed queued.
$answer = 2;
echo "  produce() after fixing: ", $p->produce(), ", pending ", $p->pending(), ", 'queued' on partition ",
    placements($connector, $topic)['queued'], "\n";

class BrokenPartitioner extends \Kafka\Partitioner
{
    public function partition($key, $numPartitions) { throw new \LogicException("cannot place $key"); }
}
$p = \Kafka\ProducerConnector::Create($connector, 0, new BrokenPartitioner());
$p->addMessage($topic, 'never', 'k1');
try {
    $p->produce();
} catch (\LogicException $e) {
    echo "subclass exception propagates: ", get_class($e), ': ', $e->getMessage(), ' (pending ', $p->pending(), ")\n";
}
// Destroyed with the message still queued: its partitioner, PHP code, cannot
// run then, so the message is reported in the error log (stderr here).
$p = null;
?>
--EXPECTF--
[object, method]/a => 2
[object, method]/bb => 2
[object, method]/forced => 2
[object, method]/int => 2
[object, method]/none => 2
closure/a => 2
closure/bb => 2
closure/forced => 2
closure/int => 2
closure/none => 1
function name/a => 0
function name/bb => 0
function name/forced => 2
function name/int => 0
function name/none => 0
subclass/a => 1
subclass/bb => 2
subclass/forced => 2
subclass/int => 1
subclass/none => 0
the subclass was asked: [["a",3],["bb",3],[null,3],[7,3]]
wrong answers:
  Kafka\Exception: the partitioner must return an int from 0 to 2 for topic "%s" (3 partitions), 3 returned (pending 1)
  Kafka\Exception: the partitioner must return an int from 0 to 2 for topic "%s" (3 partitions), -1 returned (pending 1)
  Kafka\Exception: the partitioner must return an int from 0 to 2 for topic "%s" (3 partitions), string "1" returned (pending 1)
  Kafka\Exception: the partitioner must return an int from 0 to 2 for topic "%s" (3 partitions), float returned (pending 1)
  Kafka\Exception: the partitioner must return an int from 0 to 2 for topic "%s" (3 partitions), null returned (pending 1)
  Kafka\Exception: the partitioner must return an int from 0 to 2 for topic "%s" (3 partitions), bool returned (pending 1)
  UnexpectedValueException: partitioner failed (pending 1)
  produce() after fixing: 1, pending 0, 'queued' on partition 2
subclass exception propagates: LogicException: cannot place k1 (pending 1)
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: their partitioner is PHP code, which cannot run while the connector is destroyed
