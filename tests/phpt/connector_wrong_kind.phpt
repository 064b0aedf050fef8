--TEST--
A connector of the wrong kind (a Kafka broker given as ZooKeeper, ZooKeeper given as a broker) ends in \Kafka\Exception\Connection saying what was tried, within the connect timeout
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kafka39', 'kraft'); ?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$kraft = substr(kafka_kraft(), strlen('kafka://'));
$broker39 = substr(kafka_broker39(), strlen('kafka://'));
$zk = kafka_zk();
$cases = [
    'Kafka 4 broker as ZooKeeper' => [$kraft, $kraft, 'is this a ZooKeeper server?'],
    'Kafka 3.9 broker as ZooKeeper' => [$broker39, $broker39, 'is this a ZooKeeper server?'],
    'ZooKeeper as a broker' => ["kafka://$zk", $zk, 'is this a Kafka broker?'],
];
$options = ['connect_timeout_ms' => 2000];
foreach ($cases as $label => [$connector, $address, $hint]) {
    foreach (['producer', 'consumer'] as $side) {
        $start = microtime(true);
        try {
            if ($side === 'producer') {
                \Kafka\ProducerConnector::Create($connector, 0, null, $options)->getAvailableTopics();
            } else {
                \Kafka\ConsumerConnector::Create($connector, null, $options)
                    ->createMessageStreams('any-topic', 65536, \Kafka\Kafka::OFFSETS_EARLIEST);
            }
            echo "$label, $side: no exception\n";
        } catch (\Kafka\Exception\Connection $e) {
            $elapsed = microtime(true) - $start;
            printf("%s, %s: %s, names %s %s, says \"%s\" %s, under 10 s %s\n", $label, $side,
                $e instanceof \Kafka\Exception\Timeout ? 'Timeout' : 'Connection', $address,
                json_encode(str_contains($e->getMessage(), $address)), $hint,
                json_encode(str_contains($e->getMessage(), $hint)), json_encode($elapsed < 10));
            if (!str_contains($e->getMessage(), $hint)) echo "  message: ", $e->getMessage(), "\n";
        }
    }
}
?>
--EXPECTF--
Kafka 4 broker as ZooKeeper, producer: %s, names %s true, says "is this a ZooKeeper server?" true, under 10 s true
Kafka 4 broker as ZooKeeper, consumer: %s, names %s true, says "is this a ZooKeeper server?" true, under 10 s true
Kafka 3.9 broker as ZooKeeper, producer: %s, names %s true, says "is this a ZooKeeper server?" true, under 10 s true
Kafka 3.9 broker as ZooKeeper, consumer: %s, names %s true, says "is this a ZooKeeper server?" true, under 10 s true
ZooKeeper as a broker, producer: %s, names %s true, says "is this a Kafka broker?" true, under 10 s true
ZooKeeper as a broker, consumer: %s, names %s true, says "is this a Kafka broker?" true, under 10 s true
