--TEST--
Kafka\TopicFilter, Whitelist, Blacklist, TopicList: getTopics() as kafka-php's own tests expect, bare and delimited regexes, user filters, invalid regexes
--SKIPIF--
<?php if (!extension_loaded('kafka_rs')) die('skip kafka_rs not loaded'); ?>
--FILE--
<?php
// A kafka-php user filter: untyped override, own constructor, no parent call.
class LengthFilter extends \Kafka\TopicFilter
{
    private $length;
    public function __construct($length) { $this->length = $length; }
    protected function topicPassesFilter($topic) { return strlen($topic) == $this->length ? 1 : 0; }
}

$topics = ['topic', 'topic1', 'topic2', 'topictest', 'useractivity', 'pageviews', 'datasync'];
$show = fn(\Kafka\TopicFilter $f) => json_encode($f->getTopics($topics));

echo "kafka-php's TopicFilterTest (bare regexes match the whole name):\n";
foreach (['.*', 'topic.', 'topic.+', 'topic.*'] as $r) {
    echo "  Whitelist($r) ", $show(new \Kafka\Whitelist($r)), "\n";
    echo "  Blacklist($r) ", $show(new \Kafka\Blacklist($r)), "\n";
}
echo "alternation is one group: Whitelist(page.*|data.*) ", $show(new \Kafka\Whitelist('page.*|data.*')), "\n";
echo "a '/' in a bare regex: Whitelist(a/b) ", $show(new \Kafka\Whitelist('a/b')), "\n";
echo "delimited regexes run as preg_match runs them:\n";
foreach (['/^topic\d$/', '/TOPIC/i', '#activ#', '~s$~'] as $r) {
    echo "  Whitelist($r) ", $show(new \Kafka\Whitelist($r)), "\n";
}
echo "  Blacklist(/o/) ", $show(new \Kafka\Blacklist('/o/')), "\n";
echo "TopicList: ", $show(new \Kafka\TopicList(['datasync', 'topic1', 'not-there'])), "\n";
echo "TopicList([]): ", $show(new \Kafka\TopicList([])), "\n";
echo "user filter: ", $show(new LengthFilter(6)), "\n";
echo "keys are dropped, order kept: ", json_encode((new \Kafka\Whitelist('b|a'))->getTopics(['x' => 'b', 'y' => 'c', 'z' => 'a'])), "\n";
echo "instanceof TopicFilter: ", json_encode(new \Kafka\Whitelist('x') instanceof \Kafka\TopicFilter),
    json_encode(new \Kafka\Blacklist('x') instanceof \Kafka\TopicFilter),
    json_encode(new \Kafka\TopicList([]) instanceof \Kafka\TopicFilter),
    json_encode(new LengthFilter(1) instanceof \Kafka\TopicFilter), "\n";
echo "clone and serialize keep the regex: ",
    json_encode((clone new \Kafka\Whitelist('topic\d'))->getTopics($topics)),
    json_encode(unserialize(serialize(new \Kafka\Blacklist('.*s.*')))->getTopics($topics)), "\n";

// An invalid regex is a ValueError naming it: no warning printed, and the
// user's error handler is not called.
set_error_handler(function ($no, $str) { echo "error handler called: $str\n"; return true; });
echo "errors:\n";
$cases = [
    'Whitelist("(")' => fn() => new \Kafka\Whitelist('('),
    'Blacklist("[a-")' => fn() => new \Kafka\Blacklist('[a-'),
    'Whitelist("/x/Q")' => fn() => new \Kafka\Whitelist('/x/Q'),
    'Whitelist([])' => fn() => new \Kafka\Whitelist([]),
    'TopicList([1])' => fn() => new \Kafka\TopicList(['ok', 1]),
    'TopicList(["a b"])' => fn() => new \Kafka\TopicList(['a b']),
    'new TopicFilter' => fn() => new \Kafka\TopicFilter(),
    'getTopics("x")' => fn() => (new \Kafka\Whitelist('x'))->getTopics('x'),
    'protected topicPassesFilter' => fn() => (new \Kafka\Whitelist('x'))->topicPassesFilter('x'),
];
foreach ($cases as $label => $f) {
    try {
        $f();
        echo "  $label: no exception\n";
    } catch (\Throwable $e) {
        echo "  $label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
class NoParentWhitelist extends \Kafka\Whitelist { public function __construct() {} }
try {
    (new NoParentWhitelist())->getTopics(['a']);
} catch (\Error $e) {
    echo "  Whitelist subclass without parent::__construct: ", get_class($e), ': ', $e->getMessage(), "\n";
}
class ThrowingFilter extends \Kafka\TopicFilter
{
    protected function topicPassesFilter($topic) { throw new \DomainException("no $topic"); }
}
try {
    (new ThrowingFilter())->getTopics(['t1']);
} catch (\DomainException $e) {
    echo "  a filter's own exception propagates: ", $e->getMessage(), "\n";
}
?>
--EXPECTF--
kafka-php's TopicFilterTest (bare regexes match the whole name):
  Whitelist(.*) ["topic","topic1","topic2","topictest","useractivity","pageviews","datasync"]
  Blacklist(.*) []
  Whitelist(topic.) ["topic1","topic2"]
  Blacklist(topic.) ["topic","topictest","useractivity","pageviews","datasync"]
  Whitelist(topic.+) ["topic1","topic2","topictest"]
  Blacklist(topic.+) ["topic","useractivity","pageviews","datasync"]
  Whitelist(topic.*) ["topic","topic1","topic2","topictest"]
  Blacklist(topic.*) ["useractivity","pageviews","datasync"]
alternation is one group: Whitelist(page.*|data.*) ["pageviews","datasync"]
a '/' in a bare regex: Whitelist(a/b) []
delimited regexes run as preg_match runs them:
  Whitelist(/^topic\d$/) ["topic1","topic2"]
  Whitelist(/TOPIC/i) ["topic","topic1","topic2","topictest"]
  Whitelist(#activ#) ["useractivity"]
  Whitelist(~s$~) ["pageviews"]
  Blacklist(/o/) ["useractivity","pageviews","datasync"]
TopicList: ["topic1","datasync"]
TopicList([]): []
user filter: ["topic1","topic2"]
keys are dropped, order kept: ["b","a"]
instanceof TopicFilter: truetruetruetrue
clone and serialize keep the regex: ["topic1","topic2"]["topic","topic1","topic2"]
errors:
  Whitelist("("): ValueError: Kafka\Whitelist::__construct(): Argument #1 ($regex) is not a valid regular expression: "(": Compilation failed: %s (run as /^(?:()$/D)
  Blacklist("[a-"): ValueError: Kafka\Blacklist::__construct(): Argument #1 ($regex) is not a valid regular expression: "[a-": Compilation failed: %s (run as /^(?:[a-)$/D)
  Whitelist("/x/Q"): ValueError: Kafka\Whitelist::__construct(): Argument #1 ($regex) is not a valid regular expression: "/x/Q": Unknown modifier 'Q'
  Whitelist([]): TypeError: Kafka\Whitelist::__construct(): Argument #1 ($regex) must be of type string, array given
  TopicList([1]): TypeError: Kafka\TopicList::__construct(): Argument #1 ($topics) must contain only strings, int given at key 1
  TopicList(["a b"]): ValueError: Kafka\TopicList::__construct(): Argument #1 ($topics) element 0 "a b" contains ' '; Kafka topic names use only letters, digits, '.', '_' and '-'
  new TopicFilter: Error: Cannot instantiate abstract class Kafka\TopicFilter
  getTopics("x"): TypeError: Kafka\TopicFilter::getTopics(): Argument #1 ($allTopics) must be of type array, string given
  protected topicPassesFilter: Error: Call to protected method Kafka\Whitelist::topicPassesFilter() from global scope
  Whitelist subclass without parent::__construct: Error: Kafka\Whitelist has no regex: a subclass's constructor must call parent::__construct($regex)
  a filter's own exception propagates: no t1
