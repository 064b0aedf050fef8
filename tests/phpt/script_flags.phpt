--TEST--
examples/ scripts: -h exits 0 with the usage; missing or malformed flags exit 1; Kafka failures exit 2
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless(); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';

$scripts = ['simple/producer', 'simple/consumer', 'producers/producer', 'producers/cached',
    'producers/partitioned', 'producers/daemon', 'consumers/consumer', 'consumers/daemon'];
$usage = [];
foreach ($scripts as $s) {
    [$code, $out, $err] = kafka_run_script($s, ['-h']);
    $usage[$s] = $out;
    echo "$s -h: exit $code, ", strtok($out, "\n"), $err === '' ? '' : " stderr: $err", "\n";
}

// Wrong flags: what is wrong on stderr, then the same usage as -h; nothing on stdout.
$bad = [
    ['simple/producer', []],
    ['simple/producer', ['-b', '127.0.0.1:9092']],
    ['simple/producer', ['-b']],
    ['simple/producer', ['-b', '127.0.0.1:1', '-t', 't', '-m', 'm', '-p', 'x']],
    ['simple/producer', ['-b', 'a:1,b:2', '-t', 't', '-m', 'm']],
    ['simple/producer', ['-b', 'nohost', '-t', 't', '-m', 'm']],
    ['simple/producer', ['-b', '127.0.0.1:1', '-t', 't']], // no -m and empty stdin
    ['simple/consumer', ['-b', '127.0.0.1:1', '-t', 't', '-o', 'abc']],
    ['simple/consumer', ['-b', '127.0.0.1:1', '-t', 't', '-p', '-1']],
    ['producers/producer', ['-c', '127.0.0.1:1']],
    ['producers/producer', ['-c', '127.0.0.1:1', '-l', '-t', 't']],
    ['producers/producer', ['-c', '127.0.0.1:1', '-t', 'bad topic', '-m', 'm']],
    ['producers/cached', ['-c', '127.0.0.1:1', '-t', 't']],
    ['producers/partitioned', ['-c', '127.0.0.1:1', '-t', 't', '-m', 'm', '-x']],
    ['producers/partitioned', ['-c', '127.0.0.1:1', '-t', 't', '-m', 'm', '-kk', '-k', 'k']],
    ['producers/daemon', ['-c', '127.0.0.1:1', '-t', 't', 'extra']],
    ['consumers/consumer', ['-t', 't']],
    ['consumers/consumer', ['-c', '127.0.0.1:1', '-t', 't', '-o', '-3']],
    ['consumers/daemon', ['-c', 'http://127.0.0.1:1', '-t', 't']],
    ['consumers/daemon', ['-c', '127.0.0.1:1', '-t', 'a,,b']],
];
foreach ($bad as [$s, $args]) {
    [$code, $out, $err] = kafka_run_script($s, $args);
    $first = strtok($err, "\n");
    $rest = substr($err, strlen($first) + 1);
    echo "$s ", implode(' ', $args), ": exit $code, $first",
        $rest === $usage[$s] ? ', usage' : ", not the usage: $rest", $out === '' ? '' : ", stdout: $out", "\n";
}

// Kafka failures: the exception's message, exit 2.
echo "--- unreachable\n";
kafka_show(kafka_run_script('simple/producer', ['-b', '127.0.0.1:1', '-t', 't', '-m', 'm']));
kafka_show(kafka_run_script('simple/consumer', ['-b', '127.0.0.1:1', '-t', 't']));
kafka_show(kafka_run_script('producers/producer', ['-c', '127.0.0.1:1', '-l']));
kafka_show(kafka_run_script('producers/daemon', ['-c', 'kafka://127.0.0.1:1', '-t', 't'], "a\nb\n"));
kafka_show(kafka_run_script('consumers/daemon', ['-c', 'kafka://127.0.0.1:1', '-t', 't']));

// Without the extension.
$p = proc_open([PHP_BINARY, '-n', KAFKA_EXAMPLES . '/consumers/consumer', '-h'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]), 'exit ', proc_close($p), "\n";
?>
--EXPECTF--
simple/producer -h: exit 0, usage: simple/producer -b host:port -t topic [-m message] [-p partition]
simple/consumer -h: exit 0, usage: simple/consumer -b host:port -t topic [-o offset] [-p partition]
producers/producer -h: exit 0, usage: producers/producer -c connector -t topic -m message
producers/cached -h: exit 0, usage: producers/cached -c connector -t topic -m message
producers/partitioned -h: exit 0, usage: producers/partitioned -c connector -t topic -m message [-k key]
producers/daemon -h: exit 0, usage: producers/daemon -c connector -t topic
consumers/consumer -h: exit 0, usage: consumers/consumer -c connector -t topic [-o offset]
consumers/daemon -h: exit 0, usage: consumers/daemon -c connector -t topic[,topic...] [-o offset]
simple/producer : exit 1, simple/producer: missing -b (broker), usage
simple/producer -b 127.0.0.1:9092: exit 1, simple/producer: missing -t (topic), usage
simple/producer -b: exit 1, simple/producer: -b needs a value (broker), usage
simple/producer -b 127.0.0.1:1 -t t -m m -p x: exit 1, simple/producer: -p must be a partition number, "x" given, usage
simple/producer -b a:1,b:2 -t t -m m: exit 1, simple/producer: -b takes one host:port, "a:1,b:2" given (for a list: -c kafka://host:port,host:port), usage
simple/producer -b nohost -t t -m m: exit 1, simple/producer: invalid connector "kafka://nohost": "nohost" has no port (expected host:port), usage
simple/producer -b 127.0.0.1:1 -t t: exit 1, simple/producer: no -m and nothing on standard input, usage
simple/consumer -b 127.0.0.1:1 -t t -o abc: exit 1, simple/consumer: -o must be earliest, latest, an offset or 16 hex digits, "abc" given, usage
simple/consumer -b 127.0.0.1:1 -t t -p -1: exit 1, simple/consumer: -p must be a partition number, "-1" given, usage
producers/producer -c 127.0.0.1:1: exit 1, producers/producer: missing -t (topic), usage
producers/producer -c 127.0.0.1:1 -l -t t: exit 1, producers/producer: -l takes no -t or -m, usage
producers/producer -c 127.0.0.1:1 -t bad topic -m m: exit 1, producers/producer: Kafka\ProducerConnector::addMessage(): Argument #1 ($topic) "bad topic" contains ' '; Kafka topic names use only letters, digits, '.', '_' and '-', usage
producers/cached -c 127.0.0.1:1 -t t: exit 1, producers/cached: missing -m (message), usage
producers/partitioned -c 127.0.0.1:1 -t t -m m -x: exit 1, producers/partitioned: unknown flag -x, usage
producers/partitioned -c 127.0.0.1:1 -t t -m m -kk -k k: exit 1, producers/partitioned: -k given twice, usage
producers/daemon -c 127.0.0.1:1 -t t extra: exit 1, producers/daemon: unexpected argument "extra", usage
consumers/consumer -t t: exit 1, consumers/consumer: missing -c (connector), usage
consumers/consumer -c 127.0.0.1:1 -t t -o -3: exit 1, consumers/consumer: -o must be earliest, latest, an offset or 16 hex digits, "-3" given, usage
consumers/daemon -c http://127.0.0.1:1 -t t: exit 1, consumers/daemon: invalid connector "http://127.0.0.1:1": unknown scheme (use kafka:// for brokers, zk:// or none for ZooKeeper), usage
consumers/daemon -c 127.0.0.1:1 -t a,,b: exit 1, consumers/daemon: -t "a,,b" has an empty topic name, usage
--- unreachable
exit 2
stderr:
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: kafka_rs.shutdown_flush_ms is 0
simple/producer: no broker of "kafka://127.0.0.1:1" answered: cannot connect to 127.0.0.1:1: %s
exit 2
stderr:
simple/consumer: no broker of "kafka://127.0.0.1:1" answered: cannot connect to 127.0.0.1:1: %s
exit 2
stderr:
producers/producer: ZooKeeper 127.0.0.1:1: no server answered: cannot connect: %s
exit 2
stderr:
kafka_rs: 2 message(s) added to a ProducerConnector but never produced were not sent: kafka_rs.shutdown_flush_ms is 0
producers/daemon: no broker of "kafka://127.0.0.1:1" answered: cannot connect to 127.0.0.1:1: %s
exit 2
stderr:
consumers/daemon: no broker of "kafka://127.0.0.1:1" answered: cannot connect to 127.0.0.1:1: %s
consumers/consumer: the kafka_rs extension is not loaded (php -d extension=kafka_rs.so)
exit 2
