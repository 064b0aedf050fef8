<?php
// The broker round trip, measured directly (for tests/bench/web_produce):
//   php -d extension=... tests/web/rtt.php CONNECTOR TOPIC [COUNT] [SIZE]
// One CLI process, pooled as a web worker is. Prints three lines,
//   RTT produce MEDIAN_MS P99_MS        produce() of one message on a kept producer,
//                                       back to back
//   RTT paced MEDIAN_MS P99_MS          the same with a 300 us pause before each, as
//                                       between web requests: the broker's threads
//                                       sleep and wake for each request, as they do
//                                       under the web server (slower than back to back)
//   RTT request MEDIAN_MS P99_MS        Create() + addMessage() + produce(): what the
//                                       produce page does, without the web server
[, $connector, $topic] = $argv + [null, null, null];
$count = (int)($argv[3] ?? 3000);
$size = (int)($argv[4] ?? 100);
if ($connector === null || $topic === null) {
    fwrite(STDERR, "usage: rtt.php CONNECTOR TOPIC [COUNT] [SIZE]\n");
    exit(2);
}
$payload = str_pad('kwt:rtt:0:', $size, '.');

function stats(array $ns): string {
    sort($ns);
    $n = count($ns);
    return sprintf('%.3f %.3f', $ns[intdiv($n, 2)] / 1e6, $ns[min($n - 1, (int)ceil($n * 0.99) - 1)] / 1e6);
}

$p = \Kafka\ProducerConnector::Create($connector, \Kafka\Kafka::COMPRESSION_NONE, null, ['acks' => 1]);
for ($i = 0; $i < 200; $i++) {            // warm: metadata, connection, allocator
    $p->addMessage($topic, $payload);
    $p->produce();
}
$t = [];
for ($i = 0; $i < $count; $i++) {
    $p->addMessage($topic, $payload);
    $s = hrtime(true);
    $p->produce();
    $t[] = hrtime(true) - $s;
}
echo 'RTT produce ', stats($t), "\n";

$t = [];
for ($i = 0; $i < $count; $i++) {
    $p->addMessage($topic, $payload);
    usleep(300);
    $s = hrtime(true);
    $p->produce();
    $t[] = hrtime(true) - $s;
}
echo 'RTT paced ', stats($t), "\n";

$t = [];
for ($i = 0; $i < $count; $i++) {
    $s = hrtime(true);
    $q = \Kafka\ProducerConnector::Create($connector, \Kafka\Kafka::COMPRESSION_NONE, null, ['acks' => 1]);
    $q->addMessage($topic, $payload);
    $q->produce();
    unset($q);
    $t[] = hrtime(true) - $s;
}
echo 'RTT request ', stats($t), "\n";
