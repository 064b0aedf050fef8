<?php
// Benchmark driver: produces COUNT messages of SIZE random bytes to TOPIC,
// calling produce() every BATCH messages. Prints "produced N messages".
//   php -d extension=... produce.php CONNECTOR TOPIC COUNT SIZE [CODEC] [BATCH]
[$_, $connector, $topic, $count, $size] = $argv;
$codec = (int)($argv[5] ?? 0);
$batch = (int)($argv[6] ?? 1000);
$p = \Kafka\ProducerConnector::Create($connector, $codec);
// Payloads are half random, half repeated, so every codec has work to do.
$random = random_bytes(intdiv((int)$size, 2));
$payload = $random . str_repeat('kafka_rs ', intdiv((int)$size - strlen($random), 9) + 1);
$payload = substr($payload, 0, (int)$size);
$t = microtime(true);
for ($i = 0; $i < $count; $i++) {
    $p->addMessage($topic, $payload);
    if (($i + 1) % $batch === 0) {
        $p->produce();
    }
}
$p->produce();
printf("produced %d messages in %.3f s\n", $count, microtime(true) - $t);
