//! The `\Kafka\Exception` tree and the one mapping from core errors to it.
//!
//! ```text
//! \RuntimeException
//!   \Kafka\Exception
//!     \Kafka\Exception\Connection        refused, reset, unreachable, ZooKeeper, no broker
//!       \Kafka\Exception\Timeout         connect, request or operation timed out
//!     \Kafka\Exception\Protocol          malformed or unexpected response
//!       \Kafka\Exception\Crc             checksum mismatch in fetched data
//!     \Kafka\Exception\BrokerError       a Kafka error code (getKafkaCode(), getKafkaName())
//!     \Kafka\Exception\Authentication    SASL/authorization failures (getKafkaCode())
//!     \Kafka\Exception\TopicUnavailable  topic missing or without leader
//!     \Kafka\Exception\MessageTooLarge   a message bigger than the fetch size
//!     \Kafka\Exception\EndOfStream       reading past the end of a stream
//! ```
//! Bad arguments are PHP's own `\TypeError` and `\ValueError`.
//!
//! The classes are plain PHP exception classes, registered by hand: objects
//! are made by `\Exception`'s own handler (file, line and trace set at `new`,
//! as for any exception), and they take `\Exception`'s constructor. A Kafka
//! error code is the exception's code, so `getKafkaCode()` works for every
//! object of the class, a user's subclass included, whatever its constructor.
//! (`#[php_class]` objects need their Rust constructor to have run.)

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::{ClassBuilder, FunctionBuilder};
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::{DataType, MethodFlags};
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{ce, run_handler, ClassEntry, ExecuteData};

use super::zend;
use crate::client::Error;
use crate::protocol::{KafkaCode, ProtocolError};

/// One slot per class, set at module start.
struct Class {
    name: &'static str,
    ce: AtomicPtr<ClassEntry>,
}

impl Class {
    const fn new(name: &'static str) -> Class {
        Class {
            name,
            ce: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// The class entry; `\Exception` should registration ever have failed
    /// (the module then does not start, so this is not reached).
    fn ce(&self) -> &'static ClassEntry {
        // SAFETY: set at module start to a class entry that lives as long as the process.
        unsafe { self.ce.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
    }

    /// An exception of this class, thrown the way the engine throws its own.
    fn exception(&self, message: impl Into<String>, code: i64) -> PhpException {
        // A NUL would stop the engine's C string short.
        let message = message.into().replace('\0', "\\0");
        PhpException::new(message, code as i32, self.ce())
    }
}

static BASE: Class = Class::new("Kafka\\Exception");
static CONNECTION: Class = Class::new("Kafka\\Exception\\Connection");
static TIMEOUT: Class = Class::new("Kafka\\Exception\\Timeout");
static PROTOCOL: Class = Class::new("Kafka\\Exception\\Protocol");
static CRC: Class = Class::new("Kafka\\Exception\\Crc");
static BROKER_ERROR: Class = Class::new("Kafka\\Exception\\BrokerError");
static AUTHENTICATION: Class = Class::new("Kafka\\Exception\\Authentication");
static TOPIC_UNAVAILABLE: Class = Class::new("Kafka\\Exception\\TopicUnavailable");
static MESSAGE_TOO_LARGE: Class = Class::new("Kafka\\Exception\\MessageTooLarge");
static END_OF_STREAM: Class = Class::new("Kafka\\Exception\\EndOfStream");

fn base_ce() -> &'static ClassEntry {
    BASE.ce()
}
fn connection_ce() -> &'static ClassEntry {
    CONNECTION.ce()
}
fn protocol_ce() -> &'static ClassEntry {
    PROTOCOL.ce()
}

/// Registers a class, parents first.
fn register_class(
    class: &'static Class,
    parent: (fn() -> &'static ClassEntry, &'static str),
    with_kafka_code: bool,
    park: fn(&'static mut ClassEntry, ArgInfoTables),
) -> ext_php_rs::error::Result<()> {
    let mut builder = ClassBuilder::new(class.name).extends(parent);
    if with_kafka_code {
        builder = builder
            .method(
                FunctionBuilder::new("getKafkaCode", get_kafka_code).returns(
                    DataType::Long,
                    false,
                    false,
                ),
                MethodFlags::Public,
            )
            .method(
                FunctionBuilder::new("getKafkaName", get_kafka_name).returns(
                    DataType::String,
                    false,
                    false,
                ),
                MethodFlags::Public,
            );
    }
    builder.registration(park).register()
}

/// Keeps the argument tables the engine points into for the life of the process.
macro_rules! park {
    ($class:ident) => {
        |ce, tables| {
            $class.ce.store(ce, Ordering::Release);
            std::mem::forget(tables);
        }
    };
}

/// Registers the tree (module start; SPL's classes exist by then).
pub fn register() -> ext_php_rs::error::Result<()> {
    let base = "Kafka\\Exception";
    register_class(
        &BASE,
        (zend::runtime_exception_ce, "RuntimeException"),
        false,
        park!(BASE),
    )?;
    register_class(&CONNECTION, (base_ce, base), false, park!(CONNECTION))?;
    register_class(
        &TIMEOUT,
        (connection_ce, CONNECTION.name),
        false,
        park!(TIMEOUT),
    )?;
    register_class(&PROTOCOL, (base_ce, base), false, park!(PROTOCOL))?;
    register_class(&CRC, (protocol_ce, PROTOCOL.name), false, park!(CRC))?;
    register_class(&BROKER_ERROR, (base_ce, base), true, park!(BROKER_ERROR))?;
    register_class(
        &AUTHENTICATION,
        (base_ce, base),
        true,
        park!(AUTHENTICATION),
    )?;
    register_class(
        &TOPIC_UNAVAILABLE,
        (base_ce, base),
        false,
        park!(TOPIC_UNAVAILABLE),
    )?;
    register_class(
        &MESSAGE_TOO_LARGE,
        (base_ce, base),
        false,
        park!(MESSAGE_TOO_LARGE),
    )?;
    register_class(&END_OF_STREAM, (base_ce, base), false, park!(END_OF_STREAM))
}

/// `$this->getCode()`, read as `\Exception`'s own methods read it.
fn this_code(ex: &mut ExecuteData) -> i64 {
    ex.get_self()
        .and_then(|this| zend::read_property(ce::exception(), this, "code"))
        .and_then(|c| c.long())
        .unwrap_or(0)
}

/// `getKafkaCode(): int`: the Kafka error code, which is the exception's code.
extern "C" fn get_kafka_code(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        if ex.parser().parse().is_ok() {
            retval.set_long(this_code(ex));
        }
    }));
}

/// `getKafkaName(): string`: the Kafka error name, e.g. "NOT_LEADER_OR_FOLLOWER".
extern "C" fn get_kafka_name(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        if ex.parser().parse().is_ok() {
            let name = code_name(this_code(ex));
            let _ = retval.set_string(&name, false);
        }
    }));
}

fn code_name(code: i64) -> String {
    KafkaCode(code.clamp(i16::MIN as i64, i16::MAX as i64) as i16)
        .name()
        .to_string()
}

/// A `\ValueError` with `message`.
pub fn value_error(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, ce::value_error())
}

/// A `\TypeError` with `message`.
pub fn type_error(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, ce::type_error())
}

/// Authorization and SASL error codes.
fn is_auth_code(code: KafkaCode) -> bool {
    matches!(code.0, 29 | 30 | 31 | 33 | 34 | 53 | 58)
}

/// The one mapping from core errors to PHP exceptions.
impl From<Error> for PhpException {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::InvalidArgument(_) | Error::InvalidConnector { .. } => value_error(message),
            Error::Timeout { .. } => TIMEOUT.exception(message, 0),
            Error::Connect { .. }
            | Error::Io { .. }
            | Error::ZooKeeper { .. }
            | Error::NoBrokerAvailable { .. } => CONNECTION.exception(message, 0),
            Error::Corrupt {
                source: ProtocolError::BadCrc { .. },
                ..
            } => CRC.exception(message, 0),
            Error::Protocol { .. } | Error::Corrupt { .. } | Error::UnsupportedVersion { .. } => {
                PROTOCOL.exception(message, 0)
            }
            Error::MessageTooLarge { .. } => MESSAGE_TOO_LARGE.exception(message, 0),
            Error::TopicUnavailable { .. } => TOPIC_UNAVAILABLE.exception(message, 0),
            Error::Broker { code, .. } if is_auth_code(code) => {
                AUTHENTICATION.exception(message, code.0 as i64)
            }
            Error::Broker { code, .. } => BROKER_ERROR.exception(message, code.0 as i64),
        }
    }
}

/// A plain `\Kafka\Exception`, for failures of the user's own callbacks
/// (a partitioner's answer, a topic filter's regex), which kafka-php reported
/// with its base class.
pub fn kafka_error(message: impl Into<String>) -> PhpException {
    BASE.exception(message, 0)
}

/// An EndOfStream exception (iterating past the end).
pub fn end_of_stream(message: String) -> PhpException {
    END_OF_STREAM.exception(message, 0)
}
