//! `\Kafka\Message`: one message, consumed or built by hand.

use ext_php_rs::binary::Binary;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::convert::{self, StrArg};
use super::exceptions::{type_error, value_error};
use super::zend::bytes_zval;
use crate::client::consumer::StartOffset;
use crate::protocol::record_batch::{Header, Record};

/// A Kafka message.
#[php_class]
#[php(name = "Kafka\\Message")]
pub struct Message {
    topic: String,
    partition: i64,
    offset: i64,
    payload: Vec<u8>,
    key: Option<Vec<u8>>,
    timestamp: i64,
    headers: Vec<Header>,
    compression: i64,
}

impl Message {
    /// A copy (PHP objects are handed out by value).
    pub fn clone_of(m: &Message) -> Message {
        Message {
            topic: m.topic.clone(),
            partition: m.partition,
            offset: m.offset,
            payload: m.payload.clone(),
            key: m.key.clone(),
            timestamp: m.timestamp,
            headers: m.headers.clone(),
            compression: m.compression,
        }
    }

    /// The offset as PHP sees it.
    pub fn offset_string(&self) -> String {
        self.offset.to_string()
    }

    /// A message from a consumed record (moves the bytes, no copy).
    pub fn from_record(topic: &str, partition: i32, r: Record) -> Message {
        Message {
            topic: topic.to_string(),
            partition: partition as i64,
            offset: r.offset,
            payload: r.value.unwrap_or_default(),
            key: r.key,
            timestamp: r.timestamp,
            headers: r.headers,
            compression: r.compression.id() as i64,
        }
    }
}

#[php_impl]
#[php(change_method_case = "none")]
impl Message {
    /// `new Message($topic, $partition, $payload, $compression = Kafka::COMPRESSION_NONE,
    /// $offset = null, $key = null, $timestamp = -1, $headers = [])`, the kafka-php
    /// constructor with key, timestamp and headers added.
    #[php(defaults(compression = 0, timestamp = -1))]
    #[allow(clippy::too_many_arguments)]
    pub fn __construct(
        topic: String,
        partition: i64,
        payload: StrArg<'_>,
        compression: i64,
        offset: Option<&Zval>,
        key: Option<&Zval>,
        timestamp: i64,
        headers: Option<&ZendHashTable>,
    ) -> PhpResult<Self> {
        if topic.is_empty() {
            return Err(value_error(
                "Kafka\\Message::__construct(): Argument #1 ($topic) must not be empty",
            ));
        }
        if partition < 0 {
            return Err(value_error(format!(
                "Kafka\\Message::__construct(): Argument #2 ($partition) must be 0 or more, {partition} given"
            )));
        }
        let payload = convert::bytes_arg(
            payload.0.unwrap_or(&Zval::null()),
            "Kafka\\Message::__construct(): Argument #3 ($payload)",
        )?;
        let compression = convert::compression_arg(
            compression,
            "Kafka\\Message::__construct(): Argument #4 ($compression)",
        )?
        .id() as i64;
        let offset = match offset {
            None => 0,
            Some(z) if z.is_null() => 0,
            // A message's own offset is a number: no points in time here.
            Some(z) if !(z.is_long() || z.is_string()) => {
                return Err(type_error(format!(
                    "Kafka\\Message::__construct(): Argument #5 ($offset) must be of type string|int, {} given",
                    convert::type_name(z)
                )))
            }
            Some(z) => match convert::offset_arg(Some(z), "Kafka\\Message::__construct(): Argument #5 ($offset)")? {
                StartOffset::At(o) => o,
                _ => {
                    return Err(value_error(
                        "Kafka\\Message::__construct(): Argument #5 ($offset) must be an offset, not OFFSETS_EARLIEST/LATEST",
                    ))
                }
            },
        };
        let key =
            convert::key_arg(key, "Kafka\\Message::__construct(): Argument #6 ($key)")?.bytes();
        let headers = convert::headers_arg(
            headers,
            "Kafka\\Message::__construct(): Argument #8 ($headers)",
        )?;
        Ok(Message {
            topic,
            partition,
            offset,
            payload,
            key,
            timestamp,
            headers,
            compression,
        })
    }

    /// The payload (message value), binary-safe; "" for a null value.
    pub fn payload(&self) -> Binary<u8> {
        Binary::new(self.payload.clone())
    }

    /// The key, or null.
    pub fn key(&self) -> Option<Binary<u8>> {
        self.key.clone().map(Binary::new)
    }

    /// Topic.
    pub fn topic(&self) -> String {
        self.topic.clone()
    }

    /// Partition.
    pub fn partition(&self) -> i64 {
        self.partition
    }

    /// Offset, as a decimal string (exact on any PHP build).
    pub fn offset(&self) -> String {
        self.offset.to_string()
    }

    /// Milliseconds since the epoch; -1 when the format carries none.
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// Headers as name => value (string or null); for repeated names the last wins.
    pub fn headers(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let mut ht = ZendHashTable::new();
        for h in &self.headers {
            let v = match &h.value {
                Some(b) => bytes_zval(b),
                None => Zval::null(),
            };
            ht.insert(h.key.as_str(), v)?;
        }
        Ok(ht)
    }

    /// The codec the message travelled in (a Kafka::COMPRESSION_* constant).
    pub fn compression(&self) -> i64 {
        self.compression
    }

    /// Payload length in bytes.
    pub fn size(&self) -> i64 {
        self.payload.len() as i64
    }
}
