--TEST--
Kafka\Partitioner: murmur2 matches the Java client's vectors, int keys go to key mod n, string keys to murmur2 mod n, null keys anywhere; kafka-php-style subclasses compile and work
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--FILE--
<?php
// kafka-php users override partition() without types; PHP refuses the class at
// compile time if the parent declares a return type.
class LegacyPartitioner extends \Kafka\Partitioner
{
    public function partition($key, $numPartitions)
    {
        return is_string($key) ? strlen($key) % $numPartitions : parent::partition($key, $numPartitions);
    }
}

// A subclass with its own constructor that never calls the parent's.
class ConfiguredPartitioner extends \Kafka\Partitioner
{
    private $offset;
    public function __construct($offset) { $this->offset = $offset; }
    public function partition($key, $numPartitions)
    {
        return (parent::partition($key, $numPartitions) + $this->offset) % $numPartitions;
    }
}

echo "murmur2 (Java's Utils.murmur2 test vectors):\n";
foreach (['21', 'foobar', 'a-little-bit-long-string', 'a-little-bit-longer-string', 'lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', 'abc'] as $s) {
    echo "  $s => ", \Kafka\Partitioner::murmur2($s), "\n";
}

$p = new \Kafka\Partitioner();
echo "string keys, 7 and 3 partitions (murmur2 & 0x7fffffff mod n):\n";
foreach (['21', 'foobar', 'a-little-bit-long-string', 'abc'] as $k) {
    echo "  $k => ", $p->partition($k, 7), ' ', $p->partition($k, 3), "\n";
    if ($p->partition($k, 7) !== (\Kafka\Partitioner::murmur2($k) & 0x7fffffff) % 7) echo "  formula mismatch for $k\n";
}
echo "int keys, 7 partitions (key mod n, never negative):\n";
foreach ([0, 1, 6, 7, -1, -7, -8, PHP_INT_MAX] as $k) {
    echo "  $k => ", $p->partition($k, 7), "\n";
}
$seen = [];
for ($i = 0; $i < 200; $i++) {
    $seen[$p->partition(null, 7)] = true;
}
ksort($seen);
echo "null key: ", count($seen) > 1 ? 'several partitions' : 'always one', ', all in 0..6: ',
    json_encode(array_keys($seen) === array_values(array_intersect(array_keys($seen), range(0, 6)))), "\n";
echo "one partition: ", $p->partition('anything', 1), ' ', $p->partition(12345, 1), "\n";

echo "subclasses:\n";
echo "  legacy: ", (new LegacyPartitioner())->partition('abcd', 3), ' ', (new LegacyPartitioner())->partition(10, 3), "\n";
echo "  own constructor: ", (new ConfiguredPartitioner(1))->partition(10, 3), "\n";
$m = new ReflectionMethod(\Kafka\Partitioner::class, 'partition');
echo "  partition() declares a return type: ", json_encode($m->hasReturnType()), "\n";

echo "errors:\n";
$cases = [
    'no partitions' => fn() => $p->partition(1, 0),
    'negative partitions' => fn() => $p->partition(1, -3),
    'array key' => fn() => $p->partition([], 3),
    'float key' => fn() => $p->partition(1.5, 3),
    'non-numeric count' => fn() => $p->partition(1, 'many'),
    'murmur2 of an array' => fn() => \Kafka\Partitioner::murmur2([]),
];
foreach ($cases as $label => $f) {
    try {
        $f();
        echo "  $label: no exception\n";
    } catch (\Throwable $e) {
        echo "  $label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
murmur2 (Java's Utils.murmur2 test vectors):
  21 => -973932308
  foobar => -790332482
  a-little-bit-long-string => -985981536
  a-little-bit-longer-string => -1486304829
  lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8 => -58897971
  abc => 479470107
string keys, 7 and 3 partitions (murmur2 & 0x7fffffff mod n):
  21 => 3 0
  foobar => 0 0
  a-little-bit-long-string => 1 2
  abc => 4 0
int keys, 7 partitions (key mod n, never negative):
  0 => 0
  1 => 1
  6 => 6
  7 => 0
  -1 => 6
  -7 => 0
  -8 => 6
  9223372036854775807 => 0
null key: several partitions, all in 0..6: true
one partition: 0 0
subclasses:
  legacy: 1 1
  own constructor: 2
  partition() declares a return type: false
errors:
  no partitions: ValueError: Kafka\Partitioner::partition(): Argument #2 ($numPartitions) must be between 1 and 2147483647, 0 given
  negative partitions: ValueError: Kafka\Partitioner::partition(): Argument #2 ($numPartitions) must be between 1 and 2147483647, -3 given
  array key: TypeError: Kafka\Partitioner::partition(): Argument #1 ($key) must be of type string|int|null, array given
  float key: TypeError: Kafka\Partitioner::partition(): Argument #1 ($key) must be of type string|int|null, float given
  non-numeric count: TypeError: Kafka\Partitioner::partition(): Argument #2 ($numPartitions) must be of type int, string given
  murmur2 of an array: TypeError: Kafka\Partitioner::murmur2(): Argument #1 ($data) must be of type string, array given
