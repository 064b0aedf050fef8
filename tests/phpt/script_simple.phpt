--TEST--
examples/simple/producer and consumer round trips through one broker: Kafka 3.9 and 4.x
--SKIPIF--
<?php require __DIR__ . '/_scripts.inc'; kafka_skip_unless('kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_scripts.inc';
foreach (['zk' => substr(kafka_broker39(), 8), 'kraft' => substr(kafka_kraft(), 8)] as $cluster => $broker) {
    echo "=== $cluster\n";
    $topic = kafka_unique_topic('simple');
    kafka_create_topic($topic, 2, $cluster);
    $b = ['-b', $broker, '-t', $topic];
    $show = fn (array $r) => kafka_show($r, [$topic => 'TOPIC', $broker => 'BROKER']);

    $show(kafka_run_script('simple/producer', [...$b, '-m', 'hello', '-p', '1']));
    // Without -m the message is standard input, less one trailing newline.
    $show(kafka_run_script('simple/producer', [...$b, '-p', '1'], "line one\nline two\n"));
    $show(kafka_run_script('simple/producer', [...$b, '-p1', '-m', 'third']));
    $show(kafka_run_script('simple/producer', [...$b, '-m', 'to zero', '-p', '0']));
    echo "-- a partition the topic does not have: exit 1, and the message is not sent elsewhere\n";
    $show(kafka_run_script('simple/producer', [...$b, '-m', 'lost', '-p', '5']));

    echo "-- read partition 1 from the start, from 1, from 16 hex digits 2, from the end\n";
    $show(kafka_run_script('simple/consumer', [...$b, '-p', '1']));
    $show(kafka_run_script('simple/consumer', [...$b, '-p', '1', '-o', '1']));
    $show(kafka_run_script('simple/consumer', [...$b, '-p', '1', '-o', '0000000000000002']));
    $show(kafka_run_script('simple/consumer', [...$b, '-p', '1', '-o', 'latest']));
    echo "-- default partition 0, offset earliest\n";
    $show(kafka_run_script('simple/consumer', $b));
    echo "-- a partition the topic does not have\n";
    [$code, $out, $err] = kafka_run_script('simple/consumer', [...$b, '-p', '2']);
    echo "exit $code, ", strtok(str_replace($topic, 'TOPIC', $err), "\n"), "\n";
    echo "-- past the end, and a topic that does not exist: Kafka errors\n";
    $show(kafka_run_script('simple/consumer', [...$b, '-p', '1', '-o', '9']));
    $missing = kafka_unique_topic('nosuch');
    [$code, $out, $err] = kafka_run_script('simple/consumer', ['-b', $broker, '-t', $missing]);
    echo "exit $code, ", str_replace($missing, 'MISSING', $err);
}
?>
--EXPECT--
=== zk
exit 0
stdout:
produced 1 message to TOPIC/1
exit 0
stdout:
produced 1 message to TOPIC/1
exit 0
stdout:
produced 1 message to TOPIC/1
exit 0
stdout:
produced 1 message to TOPIC/0
-- a partition the topic does not have: exit 1, and the message is not sent elsewhere
exit 1
stderr:
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: kafka_rs.shutdown_flush_ms is 0
simple/producer: topic "TOPIC" has 2 partitions; partition 5 does not exist
usage: simple/producer -b host:port -t topic [-m message] [-p partition]
Sends one message to the topic through the broker host:port (no ZooKeeper).
  -b  the broker, host:port
  -t  the topic (created if the broker auto-creates topics)
  -m  the message; without -m the message is standard input, less one trailing newline
  -p  the partition (default: a random one)
  -h  this help
Exit status: 0 acknowledged, 1 missing or malformed flag, 2 Kafka failed.
-- read partition 1 from the start, from 1, from 16 hex digits 2, from the end
exit 0
stdout:
0 hello
1 line one
line two
2 third
3 message(s), next offset 3
exit 0
stdout:
1 line one
line two
2 third
2 message(s), next offset 3
exit 0
stdout:
2 third
1 message(s), next offset 3
exit 0
stdout:
0 message(s), next offset 3
-- default partition 0, offset earliest
exit 0
stdout:
0 to zero
1 message(s), next offset 1
-- a partition the topic does not have
exit 1, simple/consumer: -p 2: topic TOPIC has 2 partition(s)
-- past the end, and a topic that does not exist: Kafka errors
exit 2
stderr:
simple/consumer: broker BROKER returned OFFSET_OUT_OF_RANGE (1) for fetch TOPIC/1 at offset 9
exit 2, simple/consumer: topic "MISSING" is unavailable: it does not exist
=== kraft
exit 0
stdout:
produced 1 message to TOPIC/1
exit 0
stdout:
produced 1 message to TOPIC/1
exit 0
stdout:
produced 1 message to TOPIC/1
exit 0
stdout:
produced 1 message to TOPIC/0
-- a partition the topic does not have: exit 1, and the message is not sent elsewhere
exit 1
stderr:
kafka_rs: 1 message(s) added to a ProducerConnector but never produced were not sent: kafka_rs.shutdown_flush_ms is 0
simple/producer: topic "TOPIC" has 2 partitions; partition 5 does not exist
usage: simple/producer -b host:port -t topic [-m message] [-p partition]
Sends one message to the topic through the broker host:port (no ZooKeeper).
  -b  the broker, host:port
  -t  the topic (created if the broker auto-creates topics)
  -m  the message; without -m the message is standard input, less one trailing newline
  -p  the partition (default: a random one)
  -h  this help
Exit status: 0 acknowledged, 1 missing or malformed flag, 2 Kafka failed.
-- read partition 1 from the start, from 1, from 16 hex digits 2, from the end
exit 0
stdout:
0 hello
1 line one
line two
2 third
3 message(s), next offset 3
exit 0
stdout:
1 line one
line two
2 third
2 message(s), next offset 3
exit 0
stdout:
2 third
1 message(s), next offset 3
exit 0
stdout:
0 message(s), next offset 3
-- default partition 0, offset earliest
exit 0
stdout:
0 to zero
1 message(s), next offset 1
-- a partition the topic does not have
exit 1, simple/consumer: -p 2: topic TOPIC has 2 partition(s)
-- past the end, and a topic that does not exist: Kafka errors
exit 2
stderr:
simple/consumer: broker BROKER returned OFFSET_OUT_OF_RANGE (1) for fetch TOPIC/1 at offset 9
exit 2, simple/consumer: topic "MISSING" is unavailable: it does not exist
