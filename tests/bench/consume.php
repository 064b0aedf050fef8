<?php
// Benchmark driver: consumes partition 0 of TOPIC from the earliest offset in
// one stream until caught up. Prints "consumed N messages B bytes T s".
//   php -d extension=... consume.php CONNECTOR TOPIC FETCH_SIZE [EXPECTED]
[$_, $connector, $topic, $fetchSize] = $argv;
$expected = (int)($argv[4] ?? 0);
$cc = \Kafka\ConsumerConnector::Create($connector);
$stream = $cc->createMessageStreams($topic, (int)$fetchSize, \Kafka\Kafka::OFFSETS_EARLIEST)[0];
$t = microtime(true);
$n = 0;
$bytes = 0;
while (true) {
    while ($m = $stream->nextMessage()) {
        $n++;
        $bytes += $m->size();
    }
    if ($n >= $expected) {
        break;
    }
}
printf("consumed %d messages %d bytes %.3f s\n", $n, $bytes, microtime(true) - $t);
