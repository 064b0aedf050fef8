<?php
// The reference of tests/bench/web_produce: one broker round trip and nothing else.
// Sends one Produce request (v3, acks=1, one 100-byte record in a record batch v2)
// over a persistent socket (pfsockopen: kept by the worker across requests, as
// kafka_rs's pool keeps its connections) and reads the answer. No kafka_rs, no
// metadata: the broker at b= must lead partition 0 of topic t=, which must exist.
//
//   GET /raw.php?b=127.0.0.1:9092&t=TOPIC      -> "ok", or 503 "fail MESSAGE"
header('Content-Type: text/plain');
[$host, $port] = explode(':', (string)($_GET['b'] ?? '127.0.0.1:9092')) + [1 => '9092'];
$topic = (string)($_GET['t'] ?? '');

function fail(string $why): never {
    http_response_code(503);
    echo "fail $why\n";
    exit;
}

function varint(int $n): string { // zigzag varint, as record fields are written
    $z = ($n << 1) ^ ($n >> 63);
    $out = '';
    while ($z & ~0x7f) {
        $out .= chr(($z & 0x7f) | 0x80);
        $z = ($z >> 7) & (PHP_INT_MAX >> 6);
    }
    return $out . chr($z);
}

function read_exactly($sock, int $n): string {
    $buf = '';
    while (strlen($buf) < $n) {
        $chunk = fread($sock, $n - strlen($buf));
        if ($chunk === false || $chunk === '') {
            fail('connection closed');
        }
        $buf .= $chunk;
    }
    return $buf;
}

$now = (int)(microtime(true) * 1000);
$value = str_pad('kwt:raw:0:', 100, '.');
$record = "\x00" . varint(0) . varint(0) . varint(-1) . varint(strlen($value)) . $value . varint(0);
$record = varint(strlen($record)) . $record;
$afterCrc = pack('n', 0)                 // attributes: no compression
    . pack('N', 0)                       // last offset delta
    . pack('J', $now) . pack('J', $now)  // first and max timestamp
    . pack('J', -1) . pack('n', 0xffff) . pack('N', 0xffffffff) // no producer id, epoch, sequence
    . pack('N', 1) . $record;
$batchTail = pack('N', 0xffffffff)       // partition leader epoch
    . "\x02"                             // magic
    . hash('crc32c', $afterCrc, true) . $afterCrc;
$batch = pack('J', 0) . pack('N', strlen($batchTail)) . $batchTail;

$clientId = 'raw';
$request = pack('n', 0) . pack('n', 3) . pack('N', 1)          // Produce v3, correlation id 1
    . pack('n', strlen($clientId)) . $clientId
    . pack('n', 0xffff)                                         // no transactional id
    . pack('n', 1) . pack('N', 30000)                           // acks=1, timeout
    . pack('N', 1) . pack('n', strlen($topic)) . $topic          // one topic
    . pack('N', 1) . pack('N', 0)                                // partition 0
    . pack('N', strlen($batch)) . $batch;

$sock = @pfsockopen($host, (int)$port, $errno, $errstr, 5.0);
if (!$sock) {
    fail("cannot connect to $host:$port: $errstr");
}
stream_set_timeout($sock, 30);
if (fwrite($sock, pack('N', strlen($request)) . $request) === false) {
    fclose($sock);
    fail('write failed');
}
$size = unpack('N', read_exactly($sock, 4))[1];
$answer = read_exactly($sock, $size);
// correlation id, topic count, topic name, partition count, partition, error code
$nameLen = unpack('n', substr($answer, 8, 2))[1];
$error = unpack('n', substr($answer, 10 + $nameLen + 8, 2))[1];
if ($error !== 0) {
    fail("broker error code $error");
}
echo "ok\n";
