//! The client layer's one error type. Every message names what failed and
//! where: the broker or ZooKeeper address, the topic and partition, the offset.

use std::io;

use crate::protocol::{KafkaCode, ProtocolError};

/// Result alias of the client layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong talking to Kafka or ZooKeeper.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No TCP connection could be made.
    #[error("cannot connect to {addr}: {reason}")]
    Connect {
        /// host:port tried.
        addr: String,
        /// Why (refused, unreachable, unresolvable).
        reason: String,
    },
    /// A connect, request or overall operation ran out of time.
    #[error("{what} at {addr} timed out after {ms} ms")]
    Timeout {
        /// host:port.
        addr: String,
        /// What was being waited for.
        what: String,
        /// The limit that expired.
        ms: u64,
    },
    /// An established connection failed (reset, closed by the peer).
    #[error("connection to {addr} failed during {what}: {source}")]
    Io {
        /// host:port.
        addr: String,
        /// The request in progress.
        what: &'static str,
        /// The socket error.
        source: io::Error,
    },
    /// The peer sent bytes that are not a valid response.
    #[error("invalid {what} response from {addr}: {source}")]
    Protocol {
        /// host:port.
        addr: String,
        /// The API whose response was bad.
        what: &'static str,
        /// The decode error.
        source: ProtocolError,
    },
    /// Fetched data failed its checksum or could not be decoded.
    #[error("corrupt data in {topic}/{partition} at offset {offset}: {source}")]
    Corrupt {
        /// Topic.
        topic: String,
        /// Partition.
        partition: i32,
        /// Offset of the batch or message.
        offset: i64,
        /// The decode error.
        source: ProtocolError,
    },
    /// A message does not fit in the fetch size (only old Fetch versions cut it).
    #[error("message at {topic}/{partition} offset {offset} is larger than the fetch size of {max_bytes} bytes")]
    MessageTooLarge {
        /// Topic.
        topic: String,
        /// Partition.
        partition: i32,
        /// Offset of the message.
        offset: i64,
        /// The fetch size in use.
        max_bytes: i32,
    },
    /// The broker answered with a Kafka error code.
    #[error("broker {addr} returned {code} for {context}{}", message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    Broker {
        /// host:port.
        addr: String,
        /// The code.
        code: KafkaCode,
        /// What was asked: "produce to topic/partition", ...
        context: String,
        /// The broker's own message, when it sent one.
        message: Option<String>,
    },
    /// The topic does not exist or has no usable partition.
    #[error("topic \"{topic}\" is unavailable: {reason}")]
    TopicUnavailable {
        /// Topic.
        topic: String,
        /// Why.
        reason: String,
    },
    /// The broker does not speak a version of an API that kafka_rs can use.
    #[error("broker {addr} supports no usable version of {api} (kafka_rs speaks {min}..{max})")]
    UnsupportedVersion {
        /// host:port.
        addr: String,
        /// API name.
        api: &'static str,
        /// Our lowest.
        min: i16,
        /// Our highest.
        max: i16,
    },
    /// ZooKeeper could not be used to find the brokers.
    #[error("ZooKeeper {addr}: {reason}")]
    ZooKeeper {
        /// The connector or server address.
        addr: String,
        /// What went wrong.
        reason: String,
    },
    /// None of the brokers a connector leads to could be used.
    #[error("no broker of \"{connector}\" answered: {failures}")]
    NoBrokerAvailable {
        /// The connector.
        connector: String,
        /// What each broker tried said.
        failures: String,
    },
    /// A connector string that cannot be parsed.
    #[error("invalid connector \"{connector}\": {reason}")]
    InvalidConnector {
        /// The string given.
        connector: String,
        /// Why.
        reason: String,
    },
    /// A bad argument (maps to PHP's ValueError).
    #[error("{0}")]
    InvalidArgument(String),
}

impl Error {
    /// Maps a socket error during `what` at `addr`, telling timeouts apart.
    pub fn from_io(addr: &str, what: &'static str, e: io::Error, timeout_ms: u64) -> Error {
        match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::Timeout {
                addr: addr.to_string(),
                what: format!("{what} request"),
                ms: timeout_ms,
            },
            io::ErrorKind::UnexpectedEof => Error::Io {
                addr: addr.to_string(),
                what,
                source: io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed by the peer",
                ),
            },
            _ => Error::Io {
                addr: addr.to_string(),
                what,
                source: e,
            },
        }
    }

    /// Maps a decode error during `what` at `addr`: a socket failure inside the
    /// decoder is reported as such, anything else as a bad response.
    pub fn from_protocol(
        addr: &str,
        what: &'static str,
        e: ProtocolError,
        timeout_ms: u64,
    ) -> Error {
        match e {
            ProtocolError::Io(io) => Error::from_io(addr, what, io, timeout_ms),
            ProtocolError::Truncated { .. } => Error::Io {
                addr: addr.to_string(),
                what,
                source: io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("connection closed mid-response ({e})"),
                ),
            },
            source => Error::Protocol {
                addr: addr.to_string(),
                what,
                source,
            },
        }
    }

    /// True for failures that a new connection or fresh metadata may cure.
    pub fn is_retriable(&self) -> bool {
        match self {
            Error::Io { .. }
            | Error::Timeout { .. }
            | Error::Connect { .. }
            | Error::NoBrokerAvailable { .. } => true,
            Error::Broker { code, .. } => code.is_retriable(),
            _ => false,
        }
    }
}
