//! kafka_rs: a fast, complete Apache Kafka client for PHP, written in Rust.
//!
//! Three layers, each calling only the one below it:
//! - [`protocol`]: the wire format, no I/O;
//! - [`client`]: connections, metadata, ZooKeeper discovery, producer and
//!   consumer streams;
//! - `php` (feature `php`, on by default): the ext-php-rs binding that exposes
//!   the kafka-php classes (`\Kafka\ProducerConnector`, ...).
//!
//! Without the `php` feature the crate is the pure-Rust core, which builds and
//! tests with neither PHP headers nor libclang.

#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod client;
pub mod protocol;

#[cfg(feature = "php")]
mod php;
