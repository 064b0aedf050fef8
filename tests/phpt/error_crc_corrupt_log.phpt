--TEST--
A batch corrupted in the broker's log ends in Kafka\Exception\Crc naming topic, partition and offset
--DESCRIPTION--
Brokers serve log segments from disk without checking them again, so flipping
one payload byte in the segment file makes a real broker send a batch whose
CRC-32C does not match. Runs against the local test bed (tests/broker/kafka),
whose data directories are under tests/broker/run.
--SKIPIF--
<?php require __DIR__ . '/_common.inc'; kafka_skip_unless('zk', 'kraft');
if (!is_dir(__DIR__ . '/../broker/run/kafka39/data')) die('skip not the local test bed');
?>
--FILE--
<?php
require __DIR__ . '/_common.inc';
$beds = [kafka_zk() => 'kafka39', kafka_kraft() => 'kafka4'];
foreach ($beds as $connector => $server) {
    foreach ([\Kafka\Kafka::COMPRESSION_NONE, \Kafka\Kafka::COMPRESSION_GZIP] as $codec) {
        $topic = kafka_unique_topic("crc$codec");
        $p = \Kafka\ProducerConnector::Create($connector, $codec);
        $p->addMessage($topic, 'first message, intact');
        $p->produce();
        $p->addMessage($topic, str_repeat('second message, to be corrupted ', 4));
        $p->produce();

        // The second batch is the tail of the segment: flip a byte near its end.
        $log = __DIR__ . "/../broker/run/$server/data/$topic-0/00000000000000000000.log";
        $bytes = file_get_contents($log);
        $at = strlen($bytes) - 10;
        $bytes[$at] = chr(ord($bytes[$at]) ^ 0x20);
        file_put_contents($log, $bytes);

        $cc = \Kafka\ConsumerConnector::Create($connector);
        $s = $cc->createMessageStreams($topic, 65535, \Kafka\Kafka::OFFSETS_EARLIEST);
        echo $s[0]->nextMessage()->payload(), "\n";
        try {
            $s[0]->nextMessage();
            echo "no exception\n";
        } catch (\Kafka\Exception\Crc $e) {
            echo get_class($e), "\n";
            echo str_contains($e->getMessage(), "$topic/0 at offset 1") ? "names topic, partition and offset\n" : $e->getMessage() . "\n";
            echo str_contains($e->getMessage(), 'CRC-32C mismatch') ? "says CRC-32C\n" : $e->getMessage() . "\n";
            var_dump($e instanceof \Kafka\Exception\Protocol, $e instanceof \Kafka\Exception);
        }
    }
}
?>
--EXPECT--
first message, intact
Kafka\Exception\Crc
names topic, partition and offset
says CRC-32C
bool(true)
bool(true)
first message, intact
Kafka\Exception\Crc
names topic, partition and offset
says CRC-32C
bool(true)
bool(true)
first message, intact
Kafka\Exception\Crc
names topic, partition and offset
says CRC-32C
bool(true)
bool(true)
first message, intact
Kafka\Exception\Crc
names topic, partition and offset
says CRC-32C
bool(true)
bool(true)
