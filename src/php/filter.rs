//! `\Kafka\TopicFilter` and its kinds `Whitelist`, `Blacklist` and `TopicList`:
//! which topics `ConsumerConnector::createMessageStreamsByFilter()` reads.
//!
//! As in kafka-php, `TopicFilter` is an abstract class with a final
//! `getTopics(array $allTopics): array` that keeps the topics for which the
//! abstract, protected `topicPassesFilter($topic)` is true, so users can write
//! their own filters. The classes are registered by hand, as plain PHP objects
//! with their state in private properties, for the reasons given in
//! `partitioner.rs`: a user's filter overrides `topicPassesFilter($topic)`
//! without types and may have a constructor that never calls the parent's.
//!
//! Regexes are PCRE patterns run by PHP's own `preg_match`, so they mean what
//! they mean everywhere else in PHP:
//! - a bare regex, as kafka-php took them (`"topic.*"`), must match the whole
//!   topic name: it runs as `/^(?:topic.*)$/D` (kafka-php wrapped it as
//!   `/^topic.*$/`; the group keeps `a|b` meaning "a or b");
//! - a delimited regex, as written for `preg_match` (`"/^logs-/i"`), runs as
//!   given, so an unanchored one matches anywhere in the name. A regex is
//!   delimited when it starts with one of ``/ # ~ ! @ % ; , ` `` (none can
//!   occur in a topic name) and ends with the same character followed only by
//!   modifier letters.
//!
//! An invalid regex is a `\ValueError` from the constructor, naming it.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::{Arg, ArgInfoTables};
use ext_php_rs::builders::{ClassBuilder, ClassProperty, FunctionBuilder};
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::flags::{ClassFlags, DataType, MethodFlags, PropertyFlags};
use ext_php_rs::types::{ZendCallable, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ce, run_handler, ClassEntry, ExecuteData, ExecutorGlobals};

use super::convert;
use super::exceptions::{kafka_error, type_error, value_error};
use super::zend::{self, bytes_zval};

/// A method's handler, as `FunctionBuilder` takes it.
type Handler = extern "C" fn(&mut ExecuteData, &mut Zval);

/// The abstract base class.
pub const TOPIC_FILTER: &str = "Kafka\\TopicFilter";

static TOPIC_FILTER_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static WHITELIST_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static BLACKLIST_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static TOPIC_LIST_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

fn load(slot: &AtomicPtr<ClassEntry>) -> Option<&'static ClassEntry> {
    // SAFETY: set at module start to class entries that live as long as the process.
    unsafe { slot.load(Ordering::Acquire).as_ref() }
}

/// `Kafka\TopicFilter`, once the module has started.
pub fn topic_filter_ce() -> Option<&'static ClassEntry> {
    load(&TOPIC_FILTER_CE)
}

/// The parent of the three filters; registered first, so always present then.
fn topic_filter_parent() -> &'static ClassEntry {
    #[allow(clippy::expect_used)]
    topic_filter_ce().expect("Kafka\\TopicFilter is registered before its subclasses")
}

/// Keeps a class entry, and the argument tables the engine points into for
/// the life of the process.
fn park(slot: &AtomicPtr<ClassEntry>, ce: &'static mut ClassEntry, tables: ArgInfoTables) {
    slot.store(ce, Ordering::Release);
    std::mem::forget(tables);
}

fn private_property(name: &str) -> ClassProperty {
    ClassProperty {
        name: name.into(),
        flags: PropertyFlags::Private,
        default: Some(Box::new(|| Ok(Zval::null()))),
        docs: &[],
        ty: None,
        nullable: true,
        readonly: false,
        default_stub: Some("null".into()),
    }
}

/// `protected function topicPassesFilter(mixed $topic)`, untyped on return as
/// in kafka-php, so that users' overrides without types stay compatible.
fn passes_method(handler: Option<Handler>) -> FunctionBuilder<'static> {
    let f = match handler {
        Some(h) => FunctionBuilder::new("topicPassesFilter", h),
        None => FunctionBuilder::new_abstract("topicPassesFilter"),
    };
    f.arg(Arg::new("topic", DataType::Mixed))
}

/// Registers the four classes (module start).
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(TOPIC_FILTER)
        .flags(ClassFlags::Abstract)
        .method(
            FunctionBuilder::new("getTopics", get_topics)
                .arg(Arg::new("allTopics", DataType::Array))
                .returns(DataType::Array, false, false),
            MethodFlags::Public | MethodFlags::Final,
        )
        .method(
            passes_method(None),
            MethodFlags::Protected | MethodFlags::Abstract,
        )
        .registration(|ce, t| park(&TOPIC_FILTER_CE, ce, t))
        .register()?;
    ClassBuilder::new("Kafka\\Whitelist")
        .extends((topic_filter_parent, TOPIC_FILTER))
        .property(private_property("regex"))
        .method(
            FunctionBuilder::constructor(whitelist_construct)
                .arg(Arg::new("regex", DataType::String)),
            MethodFlags::Public,
        )
        .method(
            passes_method(Some(whitelist_passes)),
            MethodFlags::Protected,
        )
        .registration(|ce, t| park(&WHITELIST_CE, ce, t))
        .register()?;
    ClassBuilder::new("Kafka\\Blacklist")
        .extends((topic_filter_parent, TOPIC_FILTER))
        .property(private_property("regex"))
        .method(
            FunctionBuilder::constructor(blacklist_construct)
                .arg(Arg::new("regex", DataType::String)),
            MethodFlags::Public,
        )
        .method(
            passes_method(Some(blacklist_passes)),
            MethodFlags::Protected,
        )
        .registration(|ce, t| park(&BLACKLIST_CE, ce, t))
        .register()?;
    ClassBuilder::new("Kafka\\TopicList")
        .extends((topic_filter_parent, TOPIC_FILTER))
        .property(private_property("topics"))
        .method(
            FunctionBuilder::constructor(topic_list_construct)
                .arg(Arg::new("topics", DataType::Array)),
            MethodFlags::Public,
        )
        .method(
            passes_method(Some(topic_list_passes)),
            MethodFlags::Protected,
        )
        .registration(|ce, t| park(&TOPIC_LIST_CE, ce, t))
        .register()
}

/// The filter object of a `TopicFilter $filter` argument.
pub fn filter_arg<'a>(z: Option<&'a Zval>, what: &str) -> PhpResult<&'a ZendObject> {
    let base = topic_filter_ce()
        .ok_or_else(|| PhpException::from_message("Kafka\\TopicFilter is not registered".into()))?;
    match z.and_then(Zval::object) {
        Some(o) if o.instance_of(base) => Ok(o),
        _ => Err(type_error(format!(
            "{what} must be of type Kafka\\TopicFilter, {} given",
            z.map_or_else(|| "nothing".into(), convert::type_name)
        ))),
    }
}

/// Whether `filter` lets `topic` through: its `topicPassesFilter()`, taken as
/// PHP takes an `if` condition. The user's exception, if any, propagates.
pub fn passes(filter: &ZendObject, topic: &Zval) -> PhpResult<bool> {
    let r = filter.try_call_method("topicPassesFilter", vec![topic])?;
    // A PHP override that threw leaves its exception pending: rethrow it.
    ExecutorGlobals::throw_if_exception()?;
    Ok(r.coerce_to_bool())
}

/// Runs a method body, throwing its error.
fn handle(body: impl FnOnce() -> PhpResult<()>) {
    run_handler(AssertUnwindSafe(|| {
        if let Err(e) = body() {
            e.throw();
        }
    }));
}

fn no_this(method: &str) -> PhpException {
    PhpException::new(
        format!("{method}() called without an object"),
        0,
        ce::error(),
    )
}

/// `final public function getTopics(array $allTopics): array`: the topics
/// that pass, in the order given, as a list.
extern "C" fn get_topics(ex: &mut ExecuteData, retval: &mut Zval) {
    handle(|| {
        const WHAT: &str = "Kafka\\TopicFilter::getTopics(): Argument #1 ($allTopics)";
        let mut all = Arg::new("allTopics", DataType::Array);
        let (parser, this) = ex.parser_object();
        if parser.arg(&mut all).parse().is_err() {
            return Ok(());
        }
        let this = this.ok_or_else(|| no_this("Kafka\\TopicFilter::getTopics"))?;
        let given = all.zval().map(|z| &**z);
        let Some(list) = given.map(Zval::dereference).and_then(Zval::array) else {
            return Err(type_error(format!(
                "{WHAT} must be of type array, {} given",
                given.map_or_else(|| "nothing".into(), convert::type_name)
            )));
        };
        // Copies (reference-counted) first: the filter is user code.
        let topics: Vec<Zval> = list.values().map(Zval::shallow_clone).collect();
        let mut out = ZendHashTable::new();
        for t in &topics {
            if passes(this, t)? {
                out.push(t.shallow_clone())?;
            }
        }
        retval.set_hashtable(out);
        Ok(())
    });
}

/// The pattern `preg_match` runs for a filter regex (see the module doc).
pub fn pcre_pattern(regex: &[u8]) -> Vec<u8> {
    const DELIMITERS: &[u8] = b"/#~!@%;,`";
    if let [first, .., _] = regex {
        if DELIMITERS.contains(first) {
            if let Some(end) = regex.iter().rposition(|b| b == first) {
                if end > 0 && regex[end + 1..].iter().all(u8::is_ascii_alphabetic) {
                    return regex.to_vec();
                }
            }
        }
    }
    // Bare: '/' is our delimiter, so escape the ones not escaped already.
    let mut out = Vec::with_capacity(regex.len() + 12);
    out.extend_from_slice(b"/^(?:");
    let mut bytes = regex.iter();
    while let Some(&b) = bytes.next() {
        match b {
            b'\\' => {
                out.push(b);
                if let Some(&next) = bytes.next() {
                    out.push(next);
                }
            }
            b'/' => out.extend_from_slice(b"\\/"),
            _ => out.push(b),
        }
    }
    out.extend_from_slice(b")$/D");
    out
}

/// `preg_match($pattern, $subject)`: Ok(matched), or Err with PHP's reason
/// when the pattern does not compile or the match fails.
fn preg_match(pattern: &[u8], subject: &[u8]) -> Result<bool, String> {
    let f = ZendCallable::try_from_name("preg_match").map_err(|e| e.to_string())?;
    let (pattern, subject) = (bytes_zval(pattern), bytes_zval(subject));
    let (result, warning) = zend::quietly(|| f.try_call(vec![&pattern, &subject]));
    match result.ok().and_then(|r| r.long()) {
        Some(n) if warning.is_none() => Ok(n == 1),
        _ => Err(warning
            .map(|w| w.trim_start_matches("preg_match(): ").to_string())
            .or_else(preg_last_error)
            .unwrap_or_else(|| "preg_match() failed".into())),
    }
}

fn preg_last_error() -> Option<String> {
    ZendCallable::try_from_name("preg_last_error_msg")
        .ok()?
        .try_call(vec![])
        .ok()?
        .string()
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A Whitelist/Blacklist constructor: checks the regex compiles, keeps it.
fn regex_construct(
    ex: &mut ExecuteData,
    class: &str,
    slot: &AtomicPtr<ClassEntry>,
) -> PhpResult<()> {
    let mut regex = Arg::new("regex", DataType::String);
    let (parser, this) = ex.parser_object();
    if parser.arg(&mut regex).parse().is_err() {
        return Ok(());
    }
    let this = this.ok_or_else(|| no_this(&format!("{class}::__construct")))?;
    let what = format!("{class}::__construct(): Argument #1 ($regex)");
    let given = regex.zval().map(|z| &**z);
    let bytes = convert::bytes_arg(given.map_or(&Zval::null(), Zval::dereference), &what)?;
    let pattern = pcre_pattern(&bytes);
    if let Err(reason) = preg_match(&pattern, b"") {
        // PCRE's offsets count in the pattern run, which differs for a bare regex.
        let ran = if pattern == bytes {
            String::new()
        } else {
            format!(" (run as {})", lossy(&pattern))
        };
        return Err(value_error(format!(
            "{what} is not a valid regular expression: \"{}\": {reason}{ran}",
            lossy(&bytes)
        )));
    }
    let scope = load(slot).ok_or_else(|| no_this(class))?;
    zend::write_property(scope, this, "regex", bytes_zval(&bytes));
    Ok(())
}

/// A Whitelist/Blacklist `topicPassesFilter()`.
fn regex_passes(
    ex: &mut ExecuteData,
    retval: &mut Zval,
    class: &str,
    slot: &AtomicPtr<ClassEntry>,
    whitelist: bool,
) -> PhpResult<()> {
    let mut topic = Arg::new("topic", DataType::Mixed);
    let (parser, this) = ex.parser_object();
    if parser.arg(&mut topic).parse().is_err() {
        return Ok(());
    }
    let this = this.ok_or_else(|| no_this(&format!("{class}::topicPassesFilter")))?;
    let scope = load(slot).ok_or_else(|| no_this(class))?;
    let Some(regex) = zend::read_property(scope, this, "regex")
        .and_then(|r| r.zend_str().map(|s| s.as_bytes().to_vec()))
    else {
        return Err(PhpException::new(
            format!("{class} has no regex: a subclass's constructor must call parent::__construct($regex)"),
            0,
            ce::error(),
        ));
    };
    // Only a string (or an int, as preg_match reads one) can be a topic name.
    let name = topic
        .zval()
        .map(|z| &**z)
        .map(Zval::dereference)
        .and_then(|z| {
            z.zend_str()
                .map(|s| s.as_bytes().to_vec())
                .or_else(|| z.long().map(|i| i.to_string().into_bytes()))
        });
    let passes = match name {
        None => false,
        Some(name) => {
            let matched = preg_match(&pcre_pattern(&regex), &name).map_err(|reason| {
                kafka_error(format!(
                    "{class}: regex \"{}\" failed on topic \"{}\": {reason}",
                    lossy(&regex),
                    lossy(&name)
                ))
            })?;
            // A Blacklist passes what does not match.
            matched == whitelist
        }
    };
    retval.set_bool(passes);
    Ok(())
}

extern "C" fn whitelist_construct(ex: &mut ExecuteData, _: &mut Zval) {
    handle(|| regex_construct(ex, "Kafka\\Whitelist", &WHITELIST_CE));
}

extern "C" fn whitelist_passes(ex: &mut ExecuteData, retval: &mut Zval) {
    handle(|| regex_passes(ex, retval, "Kafka\\Whitelist", &WHITELIST_CE, true));
}

extern "C" fn blacklist_construct(ex: &mut ExecuteData, _: &mut Zval) {
    handle(|| regex_construct(ex, "Kafka\\Blacklist", &BLACKLIST_CE));
}

extern "C" fn blacklist_passes(ex: &mut ExecuteData, retval: &mut Zval) {
    handle(|| regex_passes(ex, retval, "Kafka\\Blacklist", &BLACKLIST_CE, false));
}

/// `new TopicList(array $topics)`: exact names, each checked as Kafka checks them.
extern "C" fn topic_list_construct(ex: &mut ExecuteData, _: &mut Zval) {
    handle(|| {
        const WHAT: &str = "Kafka\\TopicList::__construct(): Argument #1 ($topics)";
        let mut topics = Arg::new("topics", DataType::Array);
        let (parser, this) = ex.parser_object();
        if parser.arg(&mut topics).parse().is_err() {
            return Ok(());
        }
        let this = this.ok_or_else(|| no_this("Kafka\\TopicList::__construct"))?;
        let given = topics.zval().map(|z| &**z);
        let Some(list) = given.map(Zval::dereference).and_then(Zval::array) else {
            return Err(type_error(format!(
                "{WHAT} must be of type array, {} given",
                given.map_or_else(|| "nothing".into(), convert::type_name)
            )));
        };
        let mut names = ZendHashTable::new();
        for (k, v) in list.iter() {
            let Some(name) = v.dereference().str() else {
                return Err(type_error(format!(
                    "{WHAT} must contain only strings, {} given at key {k}",
                    convert::type_name(v)
                )));
            };
            convert::topic_arg(name, &format!("{WHAT} element {k}"))?;
            names.push(name)?;
        }
        let scope = load(&TOPIC_LIST_CE).ok_or_else(|| no_this("Kafka\\TopicList"))?;
        let mut value = Zval::new();
        value.set_hashtable(names);
        zend::write_property(scope, this, "topics", value);
        Ok(())
    });
}

/// `TopicList::topicPassesFilter()`: the topic is one of the names.
extern "C" fn topic_list_passes(ex: &mut ExecuteData, retval: &mut Zval) {
    handle(|| {
        let mut topic = Arg::new("topic", DataType::Mixed);
        let (parser, this) = ex.parser_object();
        if parser.arg(&mut topic).parse().is_err() {
            return Ok(());
        }
        let this = this.ok_or_else(|| no_this("Kafka\\TopicList::topicPassesFilter"))?;
        let scope = load(&TOPIC_LIST_CE).ok_or_else(|| no_this("Kafka\\TopicList"))?;
        let Some(names) = zend::read_property(scope, this, "topics") else {
            return Err(PhpException::new(
                "Kafka\\TopicList has no topics: a subclass's constructor must call parent::__construct($topics)".into(),
                0,
                ce::error(),
            ));
        };
        let name = topic.zval().and_then(|z| z.dereference().str());
        let found = match (name, names.array()) {
            (Some(name), Some(list)) => list.values().any(|v| v.str() == Some(name)),
            _ => false,
        };
        retval.set_bool(found);
        Ok(())
    });
}
