--TEST--
The \Kafka\Exception tree: every class constructible with new and by user subclasses, catch (\Kafka\Exception) catches them all, BrokerError/Authentication getKafkaCode() and getKafkaName()
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--FILE--
<?php
namespace App;

// User subclasses as an application writes them: empty, with a constructor
// that calls the parent's, and with one that does not.
class MyError extends \Kafka\Exception {}
class MyTimeout extends \Kafka\Exception\Timeout
{
    public function __construct(public string $where) { parent::__construct("timed out at $where", 504); }
}
class MyBrokerError extends \Kafka\Exception\BrokerError
{
    public function __construct() { $this->message = 'set by hand'; $this->code = 3; }
}

$classes = [
    \Kafka\Exception::class => \RuntimeException::class,
    \Kafka\Exception\Connection::class => \Kafka\Exception::class,
    \Kafka\Exception\Timeout::class => \Kafka\Exception\Connection::class,
    \Kafka\Exception\Protocol::class => \Kafka\Exception::class,
    \Kafka\Exception\Crc::class => \Kafka\Exception\Protocol::class,
    \Kafka\Exception\BrokerError::class => \Kafka\Exception::class,
    \Kafka\Exception\Authentication::class => \Kafka\Exception::class,
    \Kafka\Exception\TopicUnavailable::class => \Kafka\Exception::class,
    \Kafka\Exception\MessageTooLarge::class => \Kafka\Exception::class,
    \Kafka\Exception\EndOfStream::class => \Kafka\Exception::class,
];
$previous = new \LogicException('cause');
foreach ($classes as $class => $parent) {
    $line = __LINE__ + 2;
    try {
        throw new $class("boom $class", 42, $previous);
    } catch (\Kafka\Exception $e) {
        printf("%s: parent %s, message ok %s, code %d, previous %s, file ok %s, line ok %s, trace %s\n",
            get_class($e), get_parent_class($e), json_encode($e->getMessage() === "boom $class"),
            $e->getCode(), get_class($e->getPrevious()), json_encode($e->getFile() === __FILE__),
            json_encode($e->getLine() === $line), json_encode(is_array($e->getTrace())));
        if (get_parent_class($e) !== $parent) echo "  expected parent $parent\n";
    }
}
$e = new \Kafka\Exception();
echo "defaults: '", $e->getMessage(), "' ", $e->getCode(), ' ', json_encode($e->getPrevious()), "\n";
echo "named: ", (new \Kafka\Exception\Crc(code: 7, message: 'named'))->getMessage(), "\n";
echo "instanceof RuntimeException: ", json_encode(new \Kafka\Exception\EndOfStream() instanceof \RuntimeException), "\n";

echo "user subclasses:\n";
foreach ([fn() => new MyError('mine', 1), fn() => new MyTimeout('db'), fn() => new MyBrokerError()] as $make) {
    try {
        throw $make();
    } catch (\Kafka\Exception $e) {
        printf("  %s caught as \\Kafka\\Exception: '%s' code %d, line set %s\n", get_class($e),
            $e->getMessage(), $e->getCode(), json_encode($e->getLine() > 0));
    }
}
try {
    throw new MyTimeout('cache');
} catch (\Kafka\Exception\Connection $e) {
    echo "  MyTimeout caught as Connection: ", $e->where, "\n";
}
echo "  MyBrokerError without parent::__construct: ", (new MyBrokerError())->getKafkaCode(), ' ',
    (new MyBrokerError())->getKafkaName(), "\n";

echo "Kafka error codes:\n";
foreach ([[\Kafka\Exception\BrokerError::class, 6], [\Kafka\Exception\BrokerError::class, 10],
          [\Kafka\Exception\BrokerError::class, 0], [\Kafka\Exception\BrokerError::class, -1],
          [\Kafka\Exception\BrokerError::class, 32000], [\Kafka\Exception\Authentication::class, 58],
          [\Kafka\Exception\Authentication::class, 29]] as [$class, $code]) {
    $e = new $class('x', $code);
    echo "  ", substr($class, 16), " $code: ", $e->getKafkaCode(), ' ', $e->getKafkaName(), "\n";
}

echo "errors:\n";
foreach ([fn() => new \Kafka\Exception('m', 1, 'not a throwable'), fn() => new \Kafka\Exception([])] as $f) {
    try {
        $f();
    } catch (\TypeError $e) {
        echo "  ", $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
Kafka\Exception: parent RuntimeException, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\Connection: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\Timeout: parent Kafka\Exception\Connection, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\Protocol: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\Crc: parent Kafka\Exception\Protocol, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\BrokerError: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\Authentication: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\TopicUnavailable: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\MessageTooLarge: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
Kafka\Exception\EndOfStream: parent Kafka\Exception, message ok true, code 42, previous LogicException, file ok true, line ok true, trace true
defaults: '' 0 null
named: named
instanceof RuntimeException: true
user subclasses:
  App\MyError caught as \Kafka\Exception: 'mine' code 1, line set true
  App\MyTimeout caught as \Kafka\Exception: 'timed out at db' code 504, line set true
  App\MyBrokerError caught as \Kafka\Exception: 'set by hand' code 3, line set true
  MyTimeout caught as Connection: cache
  MyBrokerError without parent::__construct: 3 UNKNOWN_TOPIC_OR_PARTITION
Kafka error codes:
  BrokerError 6: 6 NOT_LEADER_OR_FOLLOWER
  BrokerError 10: 10 MESSAGE_TOO_LARGE
  BrokerError 0: 0 NONE
  BrokerError -1: -1 UNKNOWN_SERVER_ERROR
  BrokerError 32000: 32000 UNKNOWN_ERROR_CODE
  Authentication 58: 58 SASL_AUTHENTICATION_FAILED
  Authentication 29: 29 TOPIC_AUTHORIZATION_FAILED
errors:
  Exception::__construct(): Argument #3 ($previous) must be of type ?Throwable, string given
  Exception::__construct(): Argument #1 ($message) must be of type string, array given
