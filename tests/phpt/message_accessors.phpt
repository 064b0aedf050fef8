--TEST--
Kafka\Message built by hand: constructor defaults, every accessor, keys null/int/string, offsets as strings, and argument errors
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--FILE--
<?php
// kafka-php's four-argument form: offset 0, no key, no timestamp, no headers.
$m = new \Kafka\Message('orders', 2, "a\0b");
var_dump($m->topic(), $m->partition(), bin2hex($m->payload()), $m->size(), $m->compression(),
    $m->offset(), $m->key(), $m->timestamp(), $m->headers());

// Every argument, including binary bytes in payload, key and header values.
$m = new \Kafka\Message('orders', 0, "\xff\x00\x01", \Kafka\Kafka::COMPRESSION_GZIP,
    '9223372036854775807', "k\0ey", 1700000000123, ['trace' => "\x00\x01", 'empty' => '', 'none' => null]);
var_dump($m->compression(), $m->offset(), bin2hex($m->key()), bin2hex($m->payload()), $m->timestamp());
var_dump(array_map(fn($v) => $v === null ? null : bin2hex($v), $m->headers()));

echo "keys:\n";
foreach ([null, 42, -7, 'text', ''] as $key) {
    var_dump((new \Kafka\Message('t', 0, 'p', 0, null, $key))->key());
}

echo "offsets in, decimal strings out:\n";
foreach ([0, 17, '18', '0000000000000010', '7fffffffffffffff', '9223372036854775807'] as $o) {
    var_dump((new \Kafka\Message('t', 0, 'p', 0, $o))->offset());
}

echo "named arguments:\n";
$m = new \Kafka\Message(topic: 't', partition: 1, payload: 42, key: 5, headers: ['h' => 'v']);
var_dump($m->payload(), $m->key(), $m->headers());

echo "errors:\n";
$cases = [
    'empty topic' => fn() => new \Kafka\Message('', 0, 'x'),
    'negative partition' => fn() => new \Kafka\Message('t', -1, 'x'),
    'array payload' => fn() => new \Kafka\Message('t', 0, ['x']),
    'compression 5' => fn() => new \Kafka\Message('t', 0, 'x', 5),
    'offset "abc"' => fn() => new \Kafka\Message('t', 0, 'x', 0, 'abc'),
    'offset array' => fn() => new \Kafka\Message('t', 0, 'x', 0, []),
    'offset negative' => fn() => new \Kafka\Message('t', 0, 'x', 0, -3),
    'offset OFFSETS_LATEST' => fn() => new \Kafka\Message('t', 0, 'x', 0, \Kafka\Kafka::OFFSETS_LATEST),
    'float key' => fn() => new \Kafka\Message('t', 0, 'x', 0, null, 1.5),
    'array header value' => fn() => new \Kafka\Message('t', 0, 'x', 0, null, null, -1, ['h' => []]),
    'missing payload' => fn() => new \Kafka\Message('t', 0),
];
foreach ($cases as $label => $f) {
    try {
        $f();
        echo "$label: no exception\n";
    } catch (\Throwable $e) {
        echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
string(6) "orders"
int(2)
string(6) "610062"
int(3)
int(0)
string(1) "0"
NULL
int(-1)
array(0) {
}
int(1)
string(19) "9223372036854775807"
string(8) "6b006579"
string(6) "ff0001"
int(1700000000123)
array(3) {
  ["trace"]=>
  string(4) "0001"
  ["empty"]=>
  string(0) ""
  ["none"]=>
  NULL
}
keys:
NULL
string(2) "42"
string(2) "-7"
string(4) "text"
string(0) ""
offsets in, decimal strings out:
string(1) "0"
string(2) "17"
string(2) "18"
string(2) "16"
string(19) "9223372036854775807"
string(19) "9223372036854775807"
named arguments:
string(2) "42"
string(1) "5"
array(1) {
  ["h"]=>
  string(1) "v"
}
errors:
empty topic: ValueError: Kafka\Message::__construct(): Argument #1 ($topic) must not be empty
negative partition: ValueError: Kafka\Message::__construct(): Argument #2 ($partition) must be 0 or more, -1 given
array payload: TypeError: Kafka\Message::__construct(): Argument #3 ($payload) must be of type string, array given
compression 5: ValueError: Kafka\Message::__construct(): Argument #4 ($compression) must be one of the Kafka::COMPRESSION_* constants (0 to 4), 5 given
offset "abc": ValueError: Kafka\Message::__construct(): Argument #5 ($offset): offset "abc" is not a number (expected a decimal offset, 16 hex digits, or an OFFSETS_* constant)
offset array: TypeError: Kafka\Message::__construct(): Argument #5 ($offset) must be of type string|int, array given
offset negative: ValueError: Kafka\Message::__construct(): Argument #5 ($offset): offset -3 is negative (use -1/OFFSETS_LATEST or -2/OFFSETS_EARLIEST)
offset OFFSETS_LATEST: ValueError: Kafka\Message::__construct(): Argument #5 ($offset) must be an offset, not OFFSETS_EARLIEST/LATEST
float key: TypeError: Kafka\Message::__construct(): Argument #6 ($key) must be of type string|int|null, float given
array header value: TypeError: Kafka\Message::__construct(): Argument #8 ($headers) header "h" must be of type string, array given
missing payload: ArgumentCountError: Kafka\Message::__construct() expects at least 3 arguments, 2 given
