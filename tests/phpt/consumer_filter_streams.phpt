--TEST--
ConsumerConnector::createMessageStreamsByFilter(): Whitelist, Blacklist, TopicList and a user filter choose the topics of the cluster; one stream per partition ordered by topic then partition; no match gives []; bad arguments; both clusters
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';

function create_topic(string $topic, int $partitions, string $cluster): void {
    exec(escapeshellarg(__DIR__ . '/../broker/kafka') . ' topic create ' . escapeshellarg($topic)
        . " $partitions $cluster 2>&1", $out, $rc);
    if ($rc !== 0) { echo "topic create $topic failed: ", implode("\n", $out), "\n"; }
}

class PrefixFilter extends \Kafka\TopicFilter
{
    private $prefix;
    public function __construct($prefix) { $this->prefix = $prefix; }
    protected function topicPassesFilter($topic) { return strncmp($topic, $this->prefix, strlen($this->prefix)) === 0; }
}

foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $cluster => $connector) {
    echo "$cluster:\n";
    // Unique prefix; "b" is created first so that order comes from the names.
    $prefix = kafka_unique_topic('filter');
    $name = fn(string $t) => str_replace($prefix, 'P', $t);
    create_topic("$prefix-b", 1, $cluster);
    create_topic("$prefix-a", 2, $cluster);
    create_topic("$prefix-c", 1, $cluster);
    $p = \Kafka\ProducerConnector::Create($connector);
    foreach (["$prefix-a" => 2, "$prefix-b" => 1, "$prefix-c" => 1] as $topic => $partitions) {
        for ($i = 0; $i < $partitions; $i++) { $p->addMessage($topic, $name($topic) . "/$i", null, $i); }
    }
    $p->produce();

    $cc = \Kafka\ConsumerConnector::Create($connector);
    $q = preg_quote($prefix, '/');
    $filters = [
        'Whitelist(P-(a|b))' => new \Kafka\Whitelist("$q-(a|b)"),
        'Whitelist(/^P-c$/)' => new \Kafka\Whitelist("/^$q-c$/"),
        'Blacklist(everything but P-*)' => new \Kafka\Blacklist("(?!$q-).*"),
        'TopicList([c, a, missing])' => new \Kafka\TopicList(["$prefix-c", "$prefix-a", "$prefix-missing"]),
        'user filter (prefix)' => new PrefixFilter("$prefix-"),
        'Whitelist matching nothing' => new \Kafka\Whitelist("$q-nothing-.*"),
    ];
    foreach ($filters as $label => $filter) {
        $streams = $cc->createMessageStreamsByFilter($filter, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
        $got = [];
        foreach ($streams as $s) {
            $m = $s->nextMessage();
            $got[] = $name($s->topic()) . '/' . $s->partition() . '=' . ($m ? $m->payload() : 'none');
        }
        echo "  $label: ", var_export(is_array($streams) && array_is_list($streams), true), ' [', implode(' ', $got), "]\n";
    }

    // Defaults: 1 MiB fetches from OFFSETS_LATEST: only what comes next.
    $streams = $cc->createMessageStreamsByFilter(new \Kafka\TopicList(["$prefix-b"]));
    echo "  default offset: ", json_encode($streams[0]->nextMessage());
    $p->addMessage("$prefix-b", 'later');
    $p->produce();
    echo ", then ", $streams[0]->nextMessage()->payload(), "\n";
    echo "  named arguments: ", count($cc->createMessageStreamsByFilter(offset: 0, filter: new PrefixFilter("$prefix-a"))), " streams\n";

    $cases = [
        'not a filter' => fn() => $cc->createMessageStreamsByFilter(new \stdClass()),
        'a string' => fn() => $cc->createMessageStreamsByFilter("$prefix-a"),
        'offset "abc"' => fn() => $cc->createMessageStreamsByFilter(new \Kafka\Whitelist('x'), 100, 'abc'),
        'fetch size 0' => fn() => $cc->createMessageStreamsByFilter(new \Kafka\Whitelist('x'), 0),
        'filter throws' => fn() => $cc->createMessageStreamsByFilter(new class extends \Kafka\TopicFilter {
            protected function topicPassesFilter($topic) { throw new \RuntimeException('filter failed'); }
        }),
    ];
    foreach ($cases as $label => $f) {
        try {
            $f();
            echo "  $label: no exception\n";
        } catch (\Throwable $e) {
            echo "  $label: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
}
?>
--EXPECT--
zk:
  Whitelist(P-(a|b)): true [P-a/0=P-a/0 P-a/1=P-a/1 P-b/0=P-b/0]
  Whitelist(/^P-c$/): true [P-c/0=P-c/0]
  Blacklist(everything but P-*): true [P-a/0=P-a/0 P-a/1=P-a/1 P-b/0=P-b/0 P-c/0=P-c/0]
  TopicList([c, a, missing]): true [P-a/0=P-a/0 P-a/1=P-a/1 P-c/0=P-c/0]
  user filter (prefix): true [P-a/0=P-a/0 P-a/1=P-a/1 P-b/0=P-b/0 P-c/0=P-c/0]
  Whitelist matching nothing: true []
  default offset: false, then later
  named arguments: 2 streams
  not a filter: TypeError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #1 ($filter) must be of type Kafka\TopicFilter, stdClass given
  a string: TypeError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #1 ($filter) must be of type Kafka\TopicFilter, string given
  offset "abc": ValueError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #3 ($offset): offset "abc" is not a number (expected a decimal offset, 16 hex digits, or an OFFSETS_* constant)
  fetch size 0: ValueError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #2 ($maxFetchSize) must be between 1 and 2147483647, 0 given
  filter throws: RuntimeException: filter failed
kraft:
  Whitelist(P-(a|b)): true [P-a/0=P-a/0 P-a/1=P-a/1 P-b/0=P-b/0]
  Whitelist(/^P-c$/): true [P-c/0=P-c/0]
  Blacklist(everything but P-*): true [P-a/0=P-a/0 P-a/1=P-a/1 P-b/0=P-b/0 P-c/0=P-c/0]
  TopicList([c, a, missing]): true [P-a/0=P-a/0 P-a/1=P-a/1 P-c/0=P-c/0]
  user filter (prefix): true [P-a/0=P-a/0 P-a/1=P-a/1 P-b/0=P-b/0 P-c/0=P-c/0]
  Whitelist matching nothing: true []
  default offset: false, then later
  named arguments: 2 streams
  not a filter: TypeError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #1 ($filter) must be of type Kafka\TopicFilter, stdClass given
  a string: TypeError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #1 ($filter) must be of type Kafka\TopicFilter, string given
  offset "abc": ValueError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #3 ($offset): offset "abc" is not a number (expected a decimal offset, 16 hex digits, or an OFFSETS_* constant)
  fetch size 0: ValueError: Kafka\ConsumerConnector::createMessageStreamsByFilter(): Argument #2 ($maxFetchSize) must be between 1 and 2147483647, 0 given
  filter throws: RuntimeException: filter failed
