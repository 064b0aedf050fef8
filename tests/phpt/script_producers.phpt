--TEST--
examples/producers/{producer,cached,partitioned} then consumers/consumer: through ZooKeeper (3.9) and a broker list (4.x)
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';
foreach (['zk' => kafka_zk(), 'kraft' => kafka_kraft()] as $cluster => $connector) {
    echo "=== $cluster\n";
    $one = kafka_unique_topic('one');    // auto-created by the first message: 1 partition
    $three = kafka_unique_topic('three');
    kafka_create_topic($three, 3, $cluster);
    $show = fn (array $r) => kafka_show($r, [$one => 'ONE', $three => 'THREE']);

    echo "-- -l lists the topic just created with its partition count\n";
    [$code, $out, $err] = kafka_run_script('producers/producer', ['-c', $connector, '-l']);
    $listed = explode("\n", rtrim($out, "\n"));
    $sorted = $listed;
    sort($sorted);
    echo "exit $code, ", in_array("$three [3]", $listed, true) ? 'lists THREE [3]' : "no \"$three [3]\" in:\n$out",
        $sorted === $listed ? ', sorted' : ', not sorted', $err, "\n";

    echo "-- producer, cached, then consumer\n";
    $show(kafka_run_script('producers/producer', ['-c', $connector, '-t', $one, '-m', 'Hello']));
    $show(kafka_run_script('producers/cached', ['-c', $connector, '-t', $one, '-m', 'Hello again']));
    $show(kafka_run_script('producers/producer', ['-c', $connector, '-t', $one, '-m', "multi\nline"]));
    $show(kafka_run_script('consumers/consumer', ['-c', $connector, '-t', $one]));
    $show(kafka_run_script('consumers/consumer', ['-c', $connector, '-t', $one, '-o', '1']));
    $show(kafka_run_script('consumers/consumer', ['-c', $connector, '-t', $one, '-o', 'latest']));

    // The key chooses the partition, and the consumer finds each message there. Default key:
    // the int crc32(message), partition = key mod 3 (crc32("alpha") = 3504355690, mod 3 = 1).
    // -k: a string, partition = murmur2 as the Java client; computed apart from kafka_rs:
    // "user-8" -> 0, "user-2" -> 2, "3504355690" -> 2.
    echo "-- partitioned\n";
    foreach ([['alpha'], ['beta'], ['gamma', 'user-8'], ['delta', 'user-2'], ['alpha again', '3504355690']] as $m) {
        $args = ['-c', $connector, '-t', $three, '-m', $m[0]];
        $show(kafka_run_script('producers/partitioned', isset($m[1]) ? [...$args, '-k', $m[1]] : $args));
    }
    $show(kafka_run_script('consumers/consumer', ['-c', $connector, '-t', $three]));
}
?>
--EXPECT--
=== zk
-- -l lists the topic just created with its partition count
exit 0, lists THREE [3], sorted
-- producer, cached, then consumer
exit 0
stdout:
produced 1 message to ONE
exit 0
stdout:
produced 1 message to ONE
exit 0
stdout:
produced 1 message to ONE
exit 0
stdout:
0 0 Hello
0 1 Hello again
0 2 multi
line
3 message(s)
exit 0
stdout:
0 1 Hello again
0 2 multi
line
2 message(s)
exit 0
stdout:
0 message(s)
-- partitioned
exit 0
stdout:
produced 1 message with key 3504355690 to THREE/1
exit 0
stdout:
produced 1 message with key 2408645731 to THREE/1
exit 0
stdout:
produced 1 message with key user-8 to THREE/0
exit 0
stdout:
produced 1 message with key user-2 to THREE/2
exit 0
stdout:
produced 1 message with key 3504355690 to THREE/2
exit 0
stdout:
0 0 gamma
1 0 alpha
1 1 beta
2 0 delta
2 1 alpha again
5 message(s)
=== kraft
-- -l lists the topic just created with its partition count
exit 0, lists THREE [3], sorted
-- producer, cached, then consumer
exit 0
stdout:
produced 1 message to ONE
exit 0
stdout:
produced 1 message to ONE
exit 0
stdout:
produced 1 message to ONE
exit 0
stdout:
0 0 Hello
0 1 Hello again
0 2 multi
line
3 message(s)
exit 0
stdout:
0 1 Hello again
0 2 multi
line
2 message(s)
exit 0
stdout:
0 message(s)
-- partitioned
exit 0
stdout:
produced 1 message with key 3504355690 to THREE/1
exit 0
stdout:
produced 1 message with key 2408645731 to THREE/1
exit 0
stdout:
produced 1 message with key user-8 to THREE/0
exit 0
stdout:
produced 1 message with key user-2 to THREE/2
exit 0
stdout:
produced 1 message with key 3504355690 to THREE/2
exit 0
stdout:
0 0 gamma
1 0 alpha
1 1 beta
2 0 delta
2 1 alpha again
5 message(s)
