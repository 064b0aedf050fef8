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
//!     \Kafka\Exception\Authentication  SASL/authorization failures (getKafkaCode())
//!     \Kafka\Exception\TopicUnavailable  topic missing or without leader
//!     \Kafka\Exception\MessageTooLarge   a message bigger than the fetch size
//!     \Kafka\Exception\EndOfStream       reading past the end of a stream
//! ```
//! Bad arguments are PHP's own `\TypeError` and `\ValueError`.

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, ZendObject, Zval};
use ext_php_rs::zend::ce;

use super::zend;
use crate::client::Error;
use crate::protocol::{KafkaCode, ProtocolError};

/// Base class of every kafka_rs exception.
#[php_class]
#[php(name = "Kafka\\Exception")]
#[php(extends(ce = zend::runtime_exception_ce, stub = "\\RuntimeException"))]
pub struct KafkaException;

#[php_impl]
impl KafkaException {
    /// Same arguments as `\Exception::__construct`.
    #[php(defaults(message = "\"\"", code = 0))]
    pub fn __construct(message: String, code: i64, previous: Option<&Zval>) -> Self {
        init_this(&message, code, previous);
        KafkaException
    }
}

/// Declares an exception class with `\Exception`'s constructor.
macro_rules! exception_class {
    ($rust:ident, $php:literal, $parent:ident, $doc:literal) => {
        #[doc = $doc]
        #[php_class]
        #[php(name = $php)]
        #[php(extends($parent))]
        pub struct $rust;

        #[php_impl]
        impl $rust {
            /// Same arguments as `\Exception::__construct`.
            #[php(defaults(message = "\"\"", code = 0))]
            pub fn __construct(message: String, code: i64, previous: Option<&Zval>) -> Self {
                init_this(&message, code, previous);
                $rust
            }
        }
    };
}

exception_class!(
    ConnectionException,
    "Kafka\\Exception\\Connection",
    KafkaException,
    "A broker or ZooKeeper could not be reached, or the connection failed."
);
exception_class!(
    TimeoutException,
    "Kafka\\Exception\\Timeout",
    ConnectionException,
    "A connect, request or operation ran out of time."
);
exception_class!(
    ProtocolException,
    "Kafka\\Exception\\Protocol",
    KafkaException,
    "A response that is not valid Kafka protocol."
);
exception_class!(
    CrcException,
    "Kafka\\Exception\\Crc",
    ProtocolException,
    "Fetched data failed its checksum."
);
exception_class!(
    TopicUnavailableException,
    "Kafka\\Exception\\TopicUnavailable",
    KafkaException,
    "The topic does not exist or has no leader."
);
exception_class!(
    MessageTooLargeException,
    "Kafka\\Exception\\MessageTooLarge",
    KafkaException,
    "A message does not fit in the fetch size."
);
exception_class!(
    EndOfStreamException,
    "Kafka\\Exception\\EndOfStream",
    KafkaException,
    "Reading past the end of a message stream."
);

/// A Kafka error code returned by a broker.
#[php_class]
#[php(name = "Kafka\\Exception\\BrokerError")]
#[php(extends(KafkaException))]
pub struct BrokerErrorException {
    kafka_code: i64,
}

#[php_impl]
#[php(change_method_case = "none")]
#[allow(non_snake_case)]
impl BrokerErrorException {
    /// `$code` is the Kafka error code.
    #[php(defaults(message = "\"\"", code = 0))]
    pub fn __construct(message: String, code: i64, previous: Option<&Zval>) -> Self {
        init_this(&message, code, previous);
        BrokerErrorException { kafka_code: code }
    }

    /// The Kafka error code, e.g. 6.
    pub fn getKafkaCode(&self) -> i64 {
        self.kafka_code
    }

    /// The Kafka error name, e.g. "NOT_LEADER_OR_FOLLOWER".
    pub fn getKafkaName(&self) -> String {
        code_name(self.kafka_code)
    }
}

/// Authentication or authorization refused by the cluster.
#[php_class]
#[php(name = "Kafka\\Exception\\Authentication")]
#[php(extends(KafkaException))]
pub struct AuthenticationException {
    kafka_code: i64,
}

#[php_impl]
#[php(change_method_case = "none")]
#[allow(non_snake_case)]
impl AuthenticationException {
    /// `$code` is the Kafka error code, 0 when the failure was local.
    #[php(defaults(message = "\"\"", code = 0))]
    pub fn __construct(message: String, code: i64, previous: Option<&Zval>) -> Self {
        init_this(&message, code, previous);
        AuthenticationException { kafka_code: code }
    }

    /// The Kafka error code, e.g. 58.
    pub fn getKafkaCode(&self) -> i64 {
        self.kafka_code
    }

    /// The Kafka error name, e.g. "SASL_AUTHENTICATION_FAILED".
    pub fn getKafkaName(&self) -> String {
        code_name(self.kafka_code)
    }
}

fn code_name(code: i64) -> String {
    KafkaCode(code.clamp(i16::MIN as i64, i16::MAX as i64) as i16)
        .name()
        .to_string()
}

fn init_this(message: &str, code: i64, previous: Option<&Zval>) {
    let this = zend::current_this();
    if !this.is_null() {
        // SAFETY: `this` is the exception being constructed.
        unsafe { zend::init_exception(this, message, code, previous, 1) };
    }
}

/// An exception of Rust class `T` carrying `payload`, with message, code,
/// file, line and trace filled in.
fn exception<T: RegisteredClass>(payload: T, message: String, code: i64) -> PhpException {
    let mut obj = ZendObject::from_class_object(ZendClassObject::new(payload));
    // SAFETY: obj is a fresh object of an exception class.
    unsafe { zend::init_exception(&mut *obj, &message, code, None, 0) };
    let mut zv = Zval::new();
    zv.set_object(&mut obj);
    drop(obj);
    PhpException::new(message, code as i32, T::get_metadata().ce()).with_object(zv)
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
            Error::Timeout { .. } => exception(TimeoutException, message, 0),
            Error::Connect { .. }
            | Error::Io { .. }
            | Error::ZooKeeper { .. }
            | Error::NoBrokerAvailable { .. } => exception(ConnectionException, message, 0),
            Error::Corrupt {
                source: ProtocolError::BadCrc { .. },
                ..
            } => exception(CrcException, message, 0),
            Error::Protocol { .. } | Error::Corrupt { .. } | Error::UnsupportedVersion { .. } => {
                exception(ProtocolException, message, 0)
            }
            Error::MessageTooLarge { .. } => exception(MessageTooLargeException, message, 0),
            Error::TopicUnavailable { .. } => exception(TopicUnavailableException, message, 0),
            Error::Broker { code, .. } if is_auth_code(code) => exception(
                AuthenticationException {
                    kafka_code: code.0 as i64,
                },
                message,
                code.0 as i64,
            ),
            Error::Broker { code, .. } => exception(
                BrokerErrorException {
                    kafka_code: code.0 as i64,
                },
                message,
                code.0 as i64,
            ),
        }
    }
}

/// An EndOfStream exception (iterating past the end).
pub fn end_of_stream(message: String) -> PhpException {
    exception(EndOfStreamException, message, 0)
}
