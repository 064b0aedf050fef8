//! Turning PHP values into core types, with messages that name the argument.

use ext_php_rs::convert::{FromZval, StubLiteral};
use ext_php_rs::exception::PhpResult;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::exceptions::{type_error, value_error};
use super::settings;
use crate::client::config::Config;
use crate::client::consumer::StartOffset;
use crate::client::group::Assignor;
use crate::client::offset;
use crate::protocol::compression::Compression;
use crate::protocol::record_batch::Header;

/// Declares an argument type that takes the zval as it came, so the binding
/// converts it itself and a wrong value gets a message naming the argument
/// (ext-php-rs' own conversions say only "Invalid value given"), while
/// reflection and the stubs still show the PHP type.
macro_rules! raw_arg {
    ($(#[$doc:meta])* $name:ident, $ty:expr, nullable = $nullable:literal) => {
        $(#[$doc])*
        pub struct $name<'a>(pub Option<&'a Zval>);

        impl<'a> FromZval<'a> for $name<'a> {
            const TYPE: DataType = $ty;
            const NULLABLE: bool = $nullable;

            fn from_zval(zval: &'a Zval) -> Option<Self> {
                Some(Self(Some(zval)))
            }

            fn from_missing() -> Option<Self> {
                $nullable.then_some(Self(None))
            }
        }

        impl<'a> $name<'a> {
            /// The value, unless it was omitted or null.
            pub fn value(&self) -> Option<&'a Zval> {
                self.0.filter(|z| !z.is_null())
            }
        }
    };
}

raw_arg!(
    /// A `string` argument that may carry any bytes (see [`bytes_arg`]).
    StrArg,
    DataType::String,
    nullable = false
);
raw_arg!(
    /// A `?string` argument.
    NullableStrArg,
    DataType::String,
    nullable = true
);
raw_arg!(
    /// A connector's `?array $options` (see [`config`]).
    OptionsArg,
    DataType::Array,
    nullable = true
);
raw_arg!(
    /// An `int|string` offset (see [`offset_arg`]); omitted means OFFSETS_LATEST.
    OffsetArg,
    DataType::Mixed,
    nullable = true
);
raw_arg!(
    /// A `Kafka\TopicFilter` argument.
    FilterArg,
    DataType::object("Kafka\\TopicFilter"),
    nullable = false
);

impl<'a> OffsetArg<'a> {
    /// The default: `Kafka::OFFSETS_LATEST`.
    pub const LATEST: OffsetArg<'a> = OffsetArg(None);
}

impl StubLiteral for OffsetArg<'_> {
    /// Reflection shows the default as the constant, as the stub writes it.
    fn stub_literal(&self) -> String {
        "\\Kafka\\Kafka::OFFSETS_LATEST".to_string()
    }
}

/// A message key as PHP gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// No key.
    None,
    /// An integer key: partition = key mod n; sent as its decimal string.
    Int(i64),
    /// A string key: partition = murmur2(key) as Java computes it.
    Bytes(Vec<u8>),
}

impl Key {
    /// The key bytes written to Kafka.
    pub fn bytes(&self) -> Option<Vec<u8>> {
        match self {
            Key::None => None,
            Key::Int(i) => Some(i.to_string().into_bytes()),
            Key::Bytes(b) => Some(b.clone()),
        }
    }
}

/// The bytes of a string argument (binary-safe). Ints and floats are
/// accepted as PHP's weak mode would convert them.
pub fn bytes_arg(z: &Zval, what: &str) -> PhpResult<Vec<u8>> {
    if let Some(s) = z.zend_str() {
        return Ok(s.as_bytes().to_vec());
    }
    if let Some(i) = z.long() {
        return Ok(i.to_string().into_bytes());
    }
    if let Some(d) = z.double() {
        return Ok(d.to_string().into_bytes());
    }
    Err(type_error(format!(
        "{what} must be of type string, {} given",
        type_name(z)
    )))
}

/// A key: null, int or string.
pub fn key_arg(z: Option<&Zval>, what: &str) -> PhpResult<Key> {
    let Some(z) = z else {
        return Ok(Key::None);
    };
    if z.is_null() {
        return Ok(Key::None);
    }
    if let Some(i) = z.long() {
        return Ok(Key::Int(i));
    }
    if let Some(s) = z.zend_str() {
        return Ok(Key::Bytes(s.as_bytes().to_vec()));
    }
    Err(type_error(format!(
        "{what} must be of type string|int|null, {} given",
        type_name(z)
    )))
}

/// A topic name: non-empty, at most 249 characters of `[a-zA-Z0-9._-]`, as Kafka requires.
pub fn topic_arg(topic: &str, what: &str) -> PhpResult<()> {
    if topic.is_empty() {
        return Err(value_error(format!("{what} must not be empty")));
    }
    if topic.len() > 249 || topic == "." || topic == ".." {
        return Err(value_error(format!(
            "{what} \"{topic}\" is not a valid Kafka topic name"
        )));
    }
    if let Some(c) = topic
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(value_error(format!(
            "{what} \"{topic}\" contains '{c}'; Kafka topic names use only letters, digits, '.', '_' and '-'"
        )));
    }
    Ok(())
}

/// A starting offset: int, decimal string, 16 hex digits, or a constant.
pub fn offset_arg(z: Option<&Zval>, what: &str) -> PhpResult<StartOffset> {
    let Some(z) = z else {
        return Ok(StartOffset::Latest);
    };
    let parsed = if let Some(i) = z.long() {
        offset::from_int(i)
    } else if let Some(s) = z.str() {
        offset::from_str(s)
    } else if z.is_null() {
        Ok(StartOffset::Latest)
    } else if let Some(ms) = datetime_millis(z)? {
        // A point in time: the first message at or after it (ListOffsets by timestamp).
        if ms < 0 {
            return Err(value_error(format!("{what}: {ms} ms is before 1970")));
        }
        Ok(StartOffset::Timestamp(ms))
    } else {
        return Err(type_error(format!(
            "{what} must be of type string|int|DateTimeInterface, {} given",
            type_name(z)
        )));
    };
    parsed.map_err(|e| value_error(format!("{what}: {e}")))
}

/// Milliseconds since the epoch of a `\DateTimeInterface`, or `None` for
/// anything else.
fn datetime_millis(z: &Zval) -> PhpResult<Option<i64>> {
    let Some(obj) = z.object() else {
        return Ok(None);
    };
    let Some(ce) = ext_php_rs::zend::ClassEntry::try_find("DateTimeInterface") else {
        return Ok(None);
    };
    if !obj.instance_of(ce) {
        return Ok(None);
    }
    // "U" seconds and "v" milliseconds, concatenated: milliseconds since the epoch.
    let formatted = obj.try_call_method("format", vec![&"Uv"])?;
    Ok(formatted.str().and_then(|s| s.parse::<i64>().ok()))
}

/// A compression constant.
pub fn compression_arg(c: i64, what: &str) -> PhpResult<Compression> {
    i16::try_from(c)
        .ok()
        .filter(|c| (0..=4).contains(c))
        .and_then(|c| Compression::from_attributes(c).ok())
        .ok_or_else(|| {
            value_error(format!(
                "{what} must be one of the Kafka::COMPRESSION_* constants (0 to 4), {c} given"
            ))
        })
}

/// Headers from an array of name => string|null.
pub fn headers_arg(h: Option<&ZendHashTable>, what: &str) -> PhpResult<Vec<Header>> {
    let Some(h) = h else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(h.len());
    for (k, v) in h.iter() {
        let value = if v.is_null() {
            None
        } else {
            Some(bytes_arg(v, &format!("{what} header \"{k}\""))?)
        };
        out.push(Header {
            key: k.to_string(),
            value,
        });
    }
    Ok(out)
}

/// A consumer group id: null, or a non-empty string. A float is kafka-php's
/// `$apiVersion` argument in the same place, and means no group.
pub fn group_id_arg(z: &NullableStrArg, what: &str) -> PhpResult<Option<String>> {
    let Some(z) = z.value() else {
        return Ok(None);
    };
    if z.is_double() {
        return Ok(None);
    }
    match z.str() {
        Some("") => Err(value_error(format!("{what} must not be empty"))),
        Some(s) => Ok(Some(s.to_string())),
        None => Err(type_error(format!(
            "{what} must be of type ?string, {} given",
            type_name(z)
        ))),
    }
}

/// PHP's name for a value's type, as in its own TypeError messages.
pub fn type_name(z: &Zval) -> String {
    if z.is_null() {
        "null".into()
    } else if z.is_bool() {
        "bool".into()
    } else if z.is_long() {
        "int".into()
    } else if z.is_double() {
        "float".into()
    } else if z.is_string() {
        "string".into()
    } else if z.is_array() {
        "array".into()
    } else if let Some(o) = z.object() {
        o.get_class_name().unwrap_or_else(|_| "object".into())
    } else {
        "unknown".into()
    }
}

/// Group timeouts travel as INT32 milliseconds.
const MAX_GROUP_MS: std::time::Duration = std::time::Duration::from_millis(i32::MAX as u64);

/// Options every connector takes.
const COMMON_OPTIONS: &str = "acks, connect_timeout_ms, request_timeout_ms, retries, batch_bytes, \
     metadata_ttl_ms, fetch_wait_ms, fetch_max_version, isolation_level, client_id";

/// What a ConsumerConnector's `$options` set: the client settings and the
/// partition assignment strategies in preference order.
pub struct ConsumerOptions {
    /// Settings, group timings included.
    pub config: Config,
    /// `partition_assignment_strategy`; default range, then round-robin.
    pub assignors: Vec<Assignor>,
}

/// The ini settings overlaid with a ProducerConnector's `$options` array. A
/// float or int in its place is kafka-php's `$apiVersion` (0.7, 0.8), which
/// kafka_rs has no use for: versions are negotiated with each broker.
pub fn config(options: &OptionsArg, what: &str) -> PhpResult<Config> {
    Ok(parse_options(options, what, false)?.config)
}

/// A ConsumerConnector's `$options`: those of [`config`] and the consumer
/// group's (`auto_commit_interval_ms`, `session_timeout_ms`,
/// `heartbeat_interval_ms`, `rebalance_timeout_ms`, `partition_assignment_strategy`).
pub fn consumer_options(options: &OptionsArg, what: &str) -> PhpResult<ConsumerOptions> {
    let o = parse_options(options, what, true)?;
    let c = &o.config;
    if c.heartbeat_interval >= c.session_timeout {
        return Err(value_error(format!(
            "option \"heartbeat_interval_ms\" ({} ms) must be less than \"session_timeout_ms\" ({} ms)",
            c.heartbeat_interval.as_millis(),
            c.session_timeout.as_millis()
        )));
    }
    Ok(o)
}

/// `partition_assignment_strategy`: "range", "roundrobin", a comma-separated
/// list of them, or an array of them, in preference order.
fn assignors_arg(v: &Zval) -> PhpResult<Vec<Assignor>> {
    let bad = || {
        value_error(format!(
            "option \"partition_assignment_strategy\" must be \"range\", \"roundrobin\" or a list of them, {} given",
            describe(v)
        ))
    };
    let mut names = Vec::new();
    if let Some(s) = v.str() {
        names.extend(s.split(',').map(|n| n.trim().to_string()));
    } else if let Some(list) = v.array() {
        for (_, n) in list.iter() {
            names.push(n.str().ok_or_else(bad)?.trim().to_string());
        }
    } else {
        return Err(bad());
    }
    let mut out = Vec::new();
    for n in names {
        let a = Assignor::from_name(&n).ok_or_else(bad)?;
        if !out.contains(&a) {
            out.push(a);
        }
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

fn parse_options(options: &OptionsArg, what: &str, consumer: bool) -> PhpResult<ConsumerOptions> {
    let mut c = settings::config_from_ini();
    let mut assignors = vec![Assignor::Range, Assignor::RoundRobin];
    let Some(z) = options.value() else {
        return Ok(ConsumerOptions {
            config: c,
            assignors,
        });
    };
    if z.is_double() || z.is_long() {
        return Ok(ConsumerOptions {
            config: c,
            assignors,
        });
    }
    let Some(options) = z.array() else {
        return Err(type_error(format!(
            "{what} must be of type ?array, {} given",
            type_name(z)
        )));
    };
    for (k, v) in options.iter() {
        let key = k.to_string();
        let int = |min: i64| -> PhpResult<i64> {
            v.long()
                .or_else(|| v.str().and_then(|s| s.trim().parse().ok()))
                .filter(|n| *n >= min)
                .ok_or_else(|| {
                    value_error(format!(
                        "option \"{key}\" must be an integer >= {min}, {} given",
                        describe(v)
                    ))
                })
        };
        let ms = |min: i64| int(min).map(|n| std::time::Duration::from_millis(n as u64));
        match key.as_str() {
            "acks" => {
                c.acks = match v.str() {
                    Some("all") => -1,
                    _ => match int(-1)? {
                        a @ -1..=1 => a as i16,
                        a => return Err(value_error(format!("option \"acks\" must be 0, 1, -1 or \"all\", {a} given"))),
                    },
                }
            }
            "connect_timeout_ms" => c.connect_timeout = ms(1)?,
            "request_timeout_ms" => c.request_timeout = ms(1)?,
            "retries" => c.produce_retries = int(0)?.min(u32::MAX as i64) as u32,
            "batch_bytes" => c.batch_bytes = int(1)? as usize,
            "metadata_ttl_ms" => c.metadata_ttl = ms(0)?,
            "fetch_wait_ms" => c.fetch_wait = ms(0)?,
            "fetch_max_version" => c.fetch_max_version = int(0)?.min(i16::MAX as i64) as i16,
            "isolation_level" => {
                c.read_committed = match v.str() {
                    Some("read_committed") => true,
                    Some("read_uncommitted") => false,
                    _ => {
                        return Err(value_error(format!(
                            "option \"isolation_level\" must be \"read_committed\" or \"read_uncommitted\", {} given",
                            describe(v)
                        )))
                    }
                }
            }
            "client_id" => match v.str() {
                Some(s) if !s.is_empty() => c.client_id = s.to_string(),
                _ => return Err(value_error(format!("option \"client_id\" must be a non-empty string, {} given", describe(v)))),
            },
            // Consumer groups (ConsumerConnector only). 0 turns automatic commits off.
            "auto_commit_interval_ms" if consumer => c.auto_commit_interval = ms(0)?,
            "session_timeout_ms" if consumer => c.session_timeout = ms(1)?.min(MAX_GROUP_MS),
            "heartbeat_interval_ms" if consumer => c.heartbeat_interval = ms(1)?.min(MAX_GROUP_MS),
            "rebalance_timeout_ms" if consumer => c.rebalance_timeout = ms(1)?.min(MAX_GROUP_MS),
            "partition_assignment_strategy" if consumer => assignors = assignors_arg(v)?,
            _ => {
                return Err(value_error(format!(
                    "unknown option \"{key}\" (known: {COMMON_OPTIONS})"
                )))
            }
        }
    }
    Ok(ConsumerOptions {
        config: c,
        assignors,
    })
}

fn describe(z: &Zval) -> String {
    if let Some(s) = z.str() {
        format!("\"{s}\"")
    } else if let Some(i) = z.long() {
        i.to_string()
    } else {
        type_name(z)
    }
}
