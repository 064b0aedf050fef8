<?php
/*
 * Shared by the example scripts: kafka-php's flag convention and exit codes.
 *
 *   -c  connector: ZooKeeper host:port[,host:port][/chroot], or a broker list kafka://host:port[,host:port]
 *   -b  one broker, host:port      -t  topic      -m  message      -l  list topics
 *   -o  starting offset: earliest, latest, an offset, or 16 hex digits (kafka-php's form)
 *   -g  consumer group         -O  connector options, name=value[,name=value...]
 *   -h  help
 *
 * Exit codes: 0 done; 1 a missing or malformed flag (what is wrong, then the usage,
 * on stderr); 2 Kafka failed (the exception's message on stderr).
 */

namespace KafkaExamples;

const EXIT_OK = 0;
const EXIT_USAGE = 1;
const EXIT_KAFKA = 2;

const FLAG_NAMES = [
    'c' => 'connector', 'b' => 'broker', 't' => 'topic', 'm' => 'message',
    'o' => 'offset', 'p' => 'partition', 'k' => 'key', 'g' => 'group', 'O' => 'options',
];

/** A missing or malformed flag. */
final class UsageError extends \Exception
{
}

/**
 * Parses the command line with $spec (as getopt: "t:" takes a value, "l" does not),
 * runs $main($flags) and exits with what it returns (0 for nothing).
 */
function run(string $name, string $spec, string $usage, callable $main): never
{
    if (!extension_loaded('kafka_rs')) {
        fwrite(STDERR, "$name: the kafka_rs extension is not loaded (php -d extension=kafka_rs.so)\n");
        exit(EXIT_KAFKA);
    }
    // A message whose produce() failed is reported (exit 2), so the connector
    // must not send it anyway when the script ends (the default: 5 s of retries).
    ini_set('kafka_rs.shutdown_flush_ms', '0');
    try {
        $flags = parse_flags(array_slice($GLOBALS['argv'], 1), $spec);
        if (isset($flags['h'])) {
            echo $usage;
            exit(EXIT_OK);
        }
        exit($main($flags) ?? EXIT_OK);
    } catch (UsageError | \ValueError $e) {
        // \ValueError: the extension refused a flag's value (connector, topic name, partition).
        fwrite(STDERR, "$name: {$e->getMessage()}\n$usage");
        exit(EXIT_USAGE);
    } catch (\Kafka\Exception $e) {
        fwrite(STDERR, "$name: {$e->getMessage()}\n");
        exit(EXIT_KAFKA);
    }
}

/** "-t topic", "-ttopic" and "-l"; each flag at most once. */
function parse_flags(array $args, string $spec): array
{
    $flags = [];
    while ($args) {
        $arg = array_shift($args);
        $flag = $arg[1] ?? '';
        if (($arg[0] ?? '') !== '-') {
            throw new UsageError("unexpected argument \"$arg\"");
        }
        if ($flag === '' || $flag === ':' || !str_contains($spec, $flag)) {
            throw new UsageError("unknown flag $arg");
        }
        if (str_contains($spec, "$flag:")) {
            $value = strlen($arg) > 2 ? substr($arg, 2) : array_shift($args);
            if ($value === null) {
                throw new UsageError("-$flag needs a value (" . FLAG_NAMES[$flag] . ')');
            }
        } elseif (strlen($arg) > 2) {
            throw new UsageError("unknown flag $arg");
        } else {
            $value = true;
        }
        if (isset($flags[$flag])) {
            throw new UsageError("-$flag given twice");
        }
        $flags[$flag] = $value;
    }
    return $flags;
}

/** The values of flags that must be given, in the order asked. */
function required(array $flags, string ...$names): array
{
    foreach ($names as $n) {
        if (!isset($flags[$n])) {
            throw new UsageError("missing -$n (" . FLAG_NAMES[$n] . ')');
        }
    }
    return array_map(fn ($n) => $flags[$n], $names);
}

/** -b host:port as a connector: that broker, no ZooKeeper. */
function broker(string $hostPort): string
{
    if (str_contains($hostPort, ',') || str_contains($hostPort, '/')) {
        throw new UsageError("-b takes one host:port, \"$hostPort\" given (for a list: -c kafka://host:port,host:port)");
    }
    return "kafka://$hostPort";
}

/** -p: a partition number, or null when not given. */
function partition(?string $p): ?int
{
    if ($p !== null && !preg_match('/^\d{1,9}$/', $p)) {
        throw new UsageError("-p must be a partition number, \"$p\" given");
    }
    return $p === null ? null : (int) $p;
}

/** -o: earliest, latest, an offset, or 16 hex digits; $default when not given. */
function offset(?string $o, string $default): string
{
    $o ??= $default;
    $named = ['earliest' => \Kafka\Kafka::OFFSETS_EARLIEST, 'latest' => \Kafka\Kafka::OFFSETS_LATEST];
    if (!isset($named[$o]) && !preg_match('/^(\d{1,19}|-[12]|[0-9a-fA-F]{16})$/', $o)) {
        throw new UsageError("-o must be earliest, latest, an offset or 16 hex digits, \"$o\" given");
    }
    return $named[$o] ?? $o;
}

/**
 * -O: connector options as "name=value[,name=value...]" (null when not given).
 * Integers become ints; a piece without "=" continues the previous value, so
 * "partition_assignment_strategy=roundrobin,range" keeps its list.
 */
function connector_options(?string $o): ?array
{
    if ($o === null) {
        return null;
    }
    $options = [];
    $name = null;
    foreach (explode(',', $o) as $piece) {
        if (str_contains($piece, '=')) {
            [$name, $value] = explode('=', $piece, 2);
            if ($name === '') {
                throw new UsageError("-O \"$o\" has an option without a name");
            }
            $options[$name] = $value;
        } elseif ($name !== null) {
            $options[$name] .= ",$piece";
        } else {
            throw new UsageError("-O must be name=value[,name=value...], \"$o\" given");
        }
    }
    return array_map(fn ($v) => preg_match('/^-?\d{1,18}$/', $v) ? (int) $v : $v, $options);
}

/** For the daemons: SIGINT and SIGTERM set Stop::$signal instead of killing the process. */
final class Stop
{
    public static ?int $signal = null;

    public static function onSignals(): void
    {
        // pcntl is compiled into Debian's (and most) php-cli; without it the
        // signals keep their default action and kill the process.
        if (!function_exists('pcntl_async_signals')) {
            fwrite(STDERR, "warning: no pcntl extension, SIGINT/SIGTERM will kill this process\n");
            return;
        }
        pcntl_async_signals(true);
        pcntl_signal(SIGINT, fn (int $signo) => self::$signal = $signo);
        pcntl_signal(SIGTERM, fn (int $signo) => self::$signal = $signo);
    }

    public static function name(): string
    {
        return [2 => 'SIGINT', 15 => 'SIGTERM'][self::$signal] ?? 'signal ' . self::$signal;
    }
}
