--TEST--
Bad arguments are \TypeError or \ValueError naming the argument and the value, raised before any network I/O: topics, partitions, payloads, keys, offsets, fetch sizes, options, compression, partitioners, connectors, group ids
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--FILE--
<?php
// Nothing listens on port 1: any network I/O would end in Kafka\Exception\Connection.
$connector = 'kafka://127.0.0.1:1';
$p = \Kafka\ProducerConnector::Create($connector);
$c = \Kafka\ConsumerConnector::Create($connector);
$cases = [
    'addMessage: empty topic' => fn() => $p->addMessage('', 'x'),
    'addMessage: topic with a slash' => fn() => $p->addMessage('logs/app', 'x'),
    'addMessage: topic with a space' => fn() => $p->addMessage('my topic', 'x'),
    'addMessage: topic of 250 characters' => fn() => $p->addMessage(str_repeat('t', 250), 'x'),
    'addMessage: topic ".."' => fn() => $p->addMessage('..', 'x'),
    'addMessage: negative partition' => fn() => $p->addMessage('t', 'x', null, -1),
    'addMessage: array payload' => fn() => $p->addMessage('t', ['x']),
    'addMessage: object payload' => fn() => $p->addMessage('t', new \stdClass()),
    'addMessage: float key' => fn() => $p->addMessage('t', 'x', 2.5),
    'addMessage: array header value' => fn() => $p->addMessage('t', 'x', null, null, ['h' => ['v']]),
    'createMessageStreams: empty topic' => fn() => $c->createMessageStreams('', 1024, 0),
    'createMessageStreams: topic with "!"' => fn() => $c->createMessageStreams('bad!', 1024, 0),
    'createMessageStreams: offset "abc"' => fn() => $c->createMessageStreams('t', 1024, 'abc'),
    'createMessageStreams: offset array' => fn() => $c->createMessageStreams('t', 1024, [1]),
    'createMessageStreams: offset -3' => fn() => $c->createMessageStreams('t', 1024, -3),
    'createMessageStreams: offset beyond int64' => fn() => $c->createMessageStreams('t', 1024, '9223372036854775808'),
    'createMessageStreams: fetch size 0' => fn() => $c->createMessageStreams('t', 0, 0),
    'createMessageStreams: fetch size 2^31' => fn() => $c->createMessageStreams('t', 2147483648, 0),
    'Create: unknown option' => fn() => \Kafka\ProducerConnector::Create($connector, 0, null, ['conect_timeout_ms' => 5]),
    'Create: bad option value' => fn() => \Kafka\ProducerConnector::Create($connector, 0, null, ['connect_timeout_ms' => 'soon']),
    'Create: options not an array' => fn() => \Kafka\ProducerConnector::Create($connector, 0, null, 'acks=1'),
    'Create: compression 5' => fn() => \Kafka\ProducerConnector::Create($connector, 5),
    'Create: compression -1' => fn() => \Kafka\ProducerConnector::Create($connector, -1),
    'CreateCached: compression 99' => fn() => \Kafka\ProducerConnector::CreateCached($connector, 99),
    'Create: partitioner neither callable nor Partitioner' => fn() => \Kafka\ProducerConnector::Create($connector, 0, new \stdClass()),
    'Create: partitioner an unknown function name' => fn() => \Kafka\ProducerConnector::Create($connector, 0, 'no_such_function'),
    'Create: empty connector' => fn() => \Kafka\ProducerConnector::Create(''),
    'Create: unknown scheme' => fn() => \Kafka\ProducerConnector::Create('http://127.0.0.1:9092'),
    'Create: no port' => fn() => \Kafka\ProducerConnector::Create('kafka://127.0.0.1'),
    'ConsumerConnector::Create: empty group' => fn() => \Kafka\ConsumerConnector::Create($connector, ''),
    'ConsumerConnector::Create: array group' => fn() => \Kafka\ConsumerConnector::Create($connector, ['g']),
    'ConsumerConnector::Create: unknown option' => fn() => \Kafka\ConsumerConnector::Create($connector, null, ['isolation' => 'x']),
    'ConsumerConnector::Create: bad isolation_level' => fn() => \Kafka\ConsumerConnector::Create($connector, null, ['isolation_level' => 'dirty']),
    'new ConsumerConnector' => fn() => new \Kafka\ConsumerConnector(),
    'new MessageStream' => fn() => new \Kafka\MessageStream(),
    'new Kafka' => fn() => new \Kafka\Kafka(),
];
foreach ($cases as $label => $f) {
    try {
        $f();
        echo "$label: no exception\n";
    } catch (\Throwable $e) {
        echo "$label: ", get_class($e), ': ', str_replace(str_repeat('t', 250), '(250 t)', $e->getMessage()), "\n";
    }
}
echo "nothing was queued: ", $p->pending(), "\n";
// kafka-php's ConsumerConnector::Create($connector, $apiVersion): the float is not a group.
var_dump(\Kafka\ConsumerConnector::Create($connector, 0.7)->getGroupId(), \Kafka\ConsumerConnector::Create($connector, 'g1')->getGroupId());
?>
--EXPECT--
addMessage: empty topic: ValueError: Kafka\ProducerConnector::addMessage(): Argument #1 ($topic) must not be empty
addMessage: topic with a slash: ValueError: Kafka\ProducerConnector::addMessage(): Argument #1 ($topic) "logs/app" contains '/'; Kafka topic names use only letters, digits, '.', '_' and '-'
addMessage: topic with a space: ValueError: Kafka\ProducerConnector::addMessage(): Argument #1 ($topic) "my topic" contains ' '; Kafka topic names use only letters, digits, '.', '_' and '-'
addMessage: topic of 250 characters: ValueError: Kafka\ProducerConnector::addMessage(): Argument #1 ($topic) "(250 t)" is not a valid Kafka topic name
addMessage: topic "..": ValueError: Kafka\ProducerConnector::addMessage(): Argument #1 ($topic) ".." is not a valid Kafka topic name
addMessage: negative partition: ValueError: Kafka\ProducerConnector::addMessage(): Argument #4 ($partition) must be 0 or more, -1 given
addMessage: array payload: TypeError: Kafka\ProducerConnector::addMessage(): Argument #2 ($payload) must be of type string, array given
addMessage: object payload: TypeError: Kafka\ProducerConnector::addMessage(): Argument #2 ($payload) must be of type string, stdClass given
addMessage: float key: TypeError: Kafka\ProducerConnector::addMessage(): Argument #3 ($key) must be of type string|int|null, float given
addMessage: array header value: TypeError: Kafka\ProducerConnector::addMessage(): Argument #5 ($headers) header "h" must be of type string, array given
createMessageStreams: empty topic: ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #1 ($topic) must not be empty
createMessageStreams: topic with "!": ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #1 ($topic) "bad!" contains '!'; Kafka topic names use only letters, digits, '.', '_' and '-'
createMessageStreams: offset "abc": ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #3 ($offset): offset "abc" is not a number (expected a decimal offset, 16 hex digits, or an OFFSETS_* constant)
createMessageStreams: offset array: TypeError: Kafka\ConsumerConnector::createMessageStreams(): Argument #3 ($offset) must be of type string|int|DateTimeInterface, array given
createMessageStreams: offset -3: ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #3 ($offset): offset -3 is negative (use -1/OFFSETS_LATEST or -2/OFFSETS_EARLIEST)
createMessageStreams: offset beyond int64: ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #3 ($offset): offset "9223372036854775808" is out of range (largest is 9223372036854775807)
createMessageStreams: fetch size 0: ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #2 ($maxFetchSize) must be between 1 and 2147483647, 0 given
createMessageStreams: fetch size 2^31: ValueError: Kafka\ConsumerConnector::createMessageStreams(): Argument #2 ($maxFetchSize) must be between 1 and 2147483647, 2147483648 given
Create: unknown option: ValueError: unknown option "conect_timeout_ms" (known: acks, connect_timeout_ms, request_timeout_ms, retries, batch_bytes, metadata_ttl_ms, fetch_wait_ms, fetch_max_version, isolation_level, client_id)
Create: bad option value: ValueError: option "connect_timeout_ms" must be an integer >= 1, "soon" given
Create: options not an array: TypeError: Kafka\ProducerConnector::Create(): Argument #4 ($options) must be of type ?array, string given
Create: compression 5: ValueError: Kafka\ProducerConnector::Create(): Argument #2 ($compression) must be one of the Kafka::COMPRESSION_* constants (0 to 4), 5 given
Create: compression -1: ValueError: Kafka\ProducerConnector::Create(): Argument #2 ($compression) must be one of the Kafka::COMPRESSION_* constants (0 to 4), -1 given
CreateCached: compression 99: ValueError: Kafka\ProducerConnector::CreateCached(): Argument #2 ($compression) must be one of the Kafka::COMPRESSION_* constants (0 to 4), 99 given
Create: partitioner neither callable nor Partitioner: TypeError: Kafka\ProducerConnector::Create(): Argument #3 ($partitioner) must be of type callable|Kafka\Partitioner|null, stdClass given
Create: partitioner an unknown function name: TypeError: Kafka\ProducerConnector::Create(): Argument #3 ($partitioner) must be of type callable|Kafka\Partitioner|null, string given
Create: empty connector: ValueError: invalid connector "": empty connector
Create: unknown scheme: ValueError: invalid connector "http://127.0.0.1:9092": unknown scheme (use kafka:// for brokers, zk:// or none for ZooKeeper)
Create: no port: ValueError: invalid connector "kafka://127.0.0.1": "127.0.0.1" has no port (expected host:port)
ConsumerConnector::Create: empty group: ValueError: Kafka\ConsumerConnector::Create(): Argument #2 ($groupId) must not be empty
ConsumerConnector::Create: array group: TypeError: Kafka\ConsumerConnector::Create(): Argument #2 ($groupId) must be of type ?string, array given
ConsumerConnector::Create: unknown option: ValueError: unknown option "isolation" (known: acks, connect_timeout_ms, request_timeout_ms, retries, batch_bytes, metadata_ttl_ms, fetch_wait_ms, fetch_max_version, isolation_level, client_id)
ConsumerConnector::Create: bad isolation_level: ValueError: option "isolation_level" must be "read_committed" or "read_uncommitted", "dirty" given
new ConsumerConnector: Error: Call to private Kafka\ConsumerConnector::__construct() from global scope
new MessageStream: Error: Call to private Kafka\MessageStream::__construct() from global scope
new Kafka: Error: Call to private Kafka\Kafka::__construct() from global scope
nothing was queued: 0
NULL
string(2) "g1"
