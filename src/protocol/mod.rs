//! The Kafka wire format and nothing else: no sockets, no clocks.
//!
//! - [`primitives`]: integers, strings, bytes, arrays, varints;
//! - [`frame`]: size prefix and request/response headers;
//! - [`error`]: decode errors and Kafka's error codes;
//! - [`messages`]: one module per API;
//! - [`record_batch`]: record batch v2; [`message_set`]: legacy magic 0/1;
//!   [`records`]: the streaming reader that handles both;
//! - [`compression`]: gzip, snappy, lz4, zstd in Kafka's framings.
//!
//! Reference: the Kafka protocol guide (kafka.apache.org/protocol) and the
//! KIPs named in each module.

pub mod compression;
pub mod error;
pub mod frame;
pub mod message_set;
pub mod messages;
pub mod primitives;
pub mod record_batch;
pub mod records;

pub use error::{KafkaCode, ProtocolError};
