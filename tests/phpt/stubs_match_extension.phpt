--TEST--
php-stubs/kafka_rs.stub.php declares exactly what the loaded extension has (classes, parents, interfaces, constants, properties, methods, parameters, types, defaults)
--SKIPIF--
<?php
if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded');
if (!is_file(__DIR__ . '/../../php-stubs/kafka_rs.stub.php')) die('skip no stub file');
?>
--FILE--
<?php
// The stub cannot be loaded next to the extension (the classes would clash),
// so a second PHP without any ini file (-n: no extension) loads it and
// describes it; this process describes the extension the same way.

/** One comparable description per class: name => facts. */
function describe_classes(array $classNames): array
{
    $type = fn(?ReflectionType $t): string => $t === null ? '(none)' : (string)$t;
    $value = fn($v): string => var_export($v, true);
    $out = [];
    foreach ($classNames as $name) {
        $c = new ReflectionClass($name);
        $ifs = $c->getInterfaceNames();
        sort($ifs);
        $d = [
            'kind' => ($c->isInterface() ? 'interface' : ($c->isAbstract() ? 'abstract class' : 'class'))
                . ($c->isFinal() ? ' final' : ''),
            'parent' => $c->getParentClass() ? $c->getParentClass()->getName() : '(none)',
            'interfaces' => implode(', ', $ifs) ?: '(none)',
        ];
        foreach ($c->getReflectionConstants() as $k) {
            if ($k->getDeclaringClass()->getName() === $c->getName()) {
                $d["const {$k->getName()}"] = implode(' ', Reflection::getModifierNames($k->getModifiers()))
                    . ' = ' . $value($k->getValue());
            }
        }
        foreach ($c->getProperties() as $p) {
            if ($p->getDeclaringClass()->getName() === $c->getName()) {
                $d["property \${$p->getName()}"] = implode(' ', Reflection::getModifierNames($p->getModifiers()))
                    . ' ' . $type($p->getType())
                    . ($p->hasDefaultValue() ? ' = ' . $value($p->getDefaultValue()) : '');
            }
        }
        foreach ($c->getMethods() as $m) {
            if ($m->getDeclaringClass()->getName() !== $c->getName()) {
                continue;
            }
            $key = "method {$m->getName()}";
            $d[$key] = implode(' ', Reflection::getModifierNames($m->getModifiers()));
            $d["$key: returns"] = $type($m->getReturnType());
            foreach ($m->getParameters() as $i => $p) {
                $pk = "$key: parameter #" . ($i + 1);
                $d[$pk] = '$' . $p->getName()
                    . ($p->isPassedByReference() ? ' by reference' : '')
                    . ($p->isVariadic() ? ' variadic' : '')
                    . ($p->isOptional() ? ' optional' : ' required');
                $d["$pk type"] = $type($p->getType());
                if ($p->isDefaultValueAvailable()) {
                    $d["$pk default"] = $value($p->getDefaultValue());
                }
            }
        }
        $out[$c->getName()] = $d;
    }
    ksort($out);
    return $out;
}

if (($argv[1] ?? '') === '--describe-stub') {
    $before = get_declared_classes();
    require $argv[2];
    echo json_encode(describe_classes(array_diff(get_declared_classes(), $before)));
    exit(0);
}

$stubFile = realpath(__DIR__ . '/../../php-stubs/kafka_rs.stub.php');
$cmd = escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg(__FILE__)
    . ' --describe-stub ' . escapeshellarg($stubFile) . ' 2>&1';
$json = shell_exec($cmd);
$stub = json_decode((string)$json, true);
if (!is_array($stub)) {
    echo "the stub could not be described:\n$json\n";
    exit(1);
}
$ext = describe_classes((new ReflectionExtension('kafka_rs'))->getClassNames());

// ext-php-rs declares one type per parameter or return: where the stub gives
// a union, the extension can only say "mixed". That is the one allowed
// difference, and every use of it is listed below.
$isUnion = fn(string $t): bool => str_contains($t, '|');
$differences = [];
$unions = [];
foreach (array_unique(array_merge(array_keys($stub), array_keys($ext))) as $class) {
    if (!isset($ext[$class])) {
        $differences[] = "$class: in the stub, not in the extension";
        continue;
    }
    if (!isset($stub[$class])) {
        $differences[] = "$class: in the extension, not in the stub";
        continue;
    }
    foreach (array_unique(array_merge(array_keys($stub[$class]), array_keys($ext[$class]))) as $fact) {
        $s = $stub[$class][$fact] ?? null;
        $e = $ext[$class][$fact] ?? null;
        if ($s === $e) {
            continue;
        }
        if ($e === 'mixed' && $s !== null && $isUnion($s)) {
            $unions[] = "$class $fact: $s";
            continue;
        }
        $differences[] = "$class $fact: stub " . ($s ?? '(missing)') . ', extension ' . ($e ?? '(missing)');
    }
}
sort($differences);
echo count($ext), " classes in the extension, ", count($stub), " in the stub\n";
echo "differences: ", count($differences), "\n";
foreach ($differences as $d) {
    echo "  $d\n";
}
echo "unions the extension shows as mixed:\n";
foreach ($unions as $u) {
    echo "  $u\n";
}
?>
--EXPECT--
20 classes in the extension, 20 in the stub
differences: 0
unions the extension shows as mixed:
  Kafka\ConsumerConnector method createMessageStreams: parameter #3 type: DateTimeInterface|string|int
  Kafka\ConsumerConnector method createMessageStreamsByFilter: parameter #3 type: DateTimeInterface|string|int
  Kafka\Message method __construct: parameter #5 type: string|int|null
  Kafka\Message method __construct: parameter #6 type: string|int|null
  Kafka\MessageStream method nextMessage: returns: Kafka\Message|false
  Kafka\ProducerConnector method Create: parameter #3 type: Kafka\Partitioner|callable|null
  Kafka\ProducerConnector method CreateCached: parameter #3 type: Kafka\Partitioner|callable|null
  Kafka\ProducerConnector method addMessage: parameter #3 type: string|int|null
