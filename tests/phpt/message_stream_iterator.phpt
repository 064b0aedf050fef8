--TEST--
Kafka\MessageStream as an \Iterator (foreach keys are offsets as strings), topic()/partition()/offset(), start offsets as int, decimal string and kafka-php's 16 hex digits, nextMessage() after the end
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$connector = kafka_kraft();
$topic = kafka_unique_topic('iterator');
$p = \Kafka\ProducerConnector::Create($connector);
foreach (['first', 'second', 'third'] as $payload) { $p->addMessage($topic, $payload); }
$p->produce();

$cc = \Kafka\ConsumerConnector::Create($connector);
$streams = $cc->createMessageStreams($topic, 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
$s = $streams[0];
echo get_class($s), ' is an Iterator: ', json_encode($s instanceof \Iterator), "\n";
echo "before: topic ok ", json_encode($s->topic() === $topic), ", partition ", $s->partition(), ", offset ";
var_dump($s->offset());
foreach ($s as $offset => $message) {
    echo '  ';
    var_dump($offset);
    echo '  ', get_class($message), ' ', $message->payload(), ' at ', $message->offset(), "\n";
}
echo "after: offset ";
var_dump($s->offset());
echo "valid ", json_encode($s->valid()), ", key ", json_encode($s->key()), "\n";
try {
    $s->current();
} catch (\Kafka\Exception\EndOfStream $e) {
    echo "current() at the end: ", get_class($e), "\n";
}
echo "a stream does not go back: ", count(iterator_to_array($s)), " messages on a second foreach\n";
echo "nextMessage() at the end: ", json_encode($s->nextMessage()), "\n";
$p->addMessage($topic, 'fourth');
$p->produce();
echo "then a new message: ", $s->nextMessage()->payload(), ", offset now ", $s->offset(), "\n";

echo "start offsets:\n";
foreach ([1, '1', '0000000000000001', 2, '3', \Kafka\Kafka::OFFSETS_LATEST, -2] as $start) {
    $s = $cc->createMessageStreams($topic, 65536, $start)[0];
    echo '  ', var_export($start, true), ' => offset ', $s->offset(), ': ',
        json_encode(array_map(fn($m) => $m->payload(), iterator_to_array($s))), "\n";
}
echo "default offset (OFFSETS_LATEST): ", $cc->createMessageStreams($topic)[0]->offset(), "\n";
echo "named arguments: ", $cc->createMessageStreams(topic: $topic, offset: 3)[0]->nextMessage()->payload(), "\n";
?>
--EXPECT--
Kafka\MessageStream is an Iterator: true
before: topic ok true, partition 0, offset string(1) "0"
  string(1) "0"
  Kafka\Message first at 0
  string(1) "1"
  Kafka\Message second at 1
  string(1) "2"
  Kafka\Message third at 2
after: offset string(1) "3"
valid false, key null
current() at the end: Kafka\Exception\EndOfStream
a stream does not go back: 0 messages on a second foreach
nextMessage() at the end: false
then a new message: fourth, offset now 4
start offsets:
  1 => offset 1: {"1":"second","2":"third","3":"fourth"}
  '1' => offset 1: {"1":"second","2":"third","3":"fourth"}
  '0000000000000001' => offset 1: {"1":"second","2":"third","3":"fourth"}
  2 => offset 2: {"2":"third","3":"fourth"}
  '3' => offset 3: {"3":"fourth"}
  '-1' => offset 4: []
  -2 => offset 0: ["first","second","third","fourth"]
default offset (OFFSETS_LATEST): 4
named arguments: fourth
