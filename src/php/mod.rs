//! The PHP binding: the kafka-php classes over the Rust core. Nothing here
//! speaks Kafka; it converts arguments, calls `client`, and maps errors
//! through the one `From<client::Error> for PhpException`.
//!
//! Process rules for php-fpm and Apache: module start registers classes and
//! ini entries only; no thread, no socket. Connections are made by the first
//! request that needs them and pooled per process.

use std::panic::{catch_unwind, AssertUnwindSafe};

use ext_php_rs::prelude::*;
use ext_php_rs::zend::{IniEntryDef, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_header, info_table_row, info_table_start};

mod consumer;
mod convert;
mod exceptions;
mod filter;
mod message;
mod partitioner;
mod producer;
mod settings;
mod zend;

use crate::client::offset::{OFFSETS_EARLIEST, OFFSETS_LATEST};

/// Constants of the kafka-php `Kafka` class.
#[php_class]
#[php(name = "Kafka\\Kafka")]
pub struct Kafka;

#[php_impl]
#[php(change_constant_case = "none")]
impl Kafka {
    /// Start at the end of each partition: only new messages.
    pub const OFFSETS_LATEST: &'static str = OFFSETS_LATEST;
    /// Start at the first message still in each partition.
    pub const OFFSETS_EARLIEST: &'static str = OFFSETS_EARLIEST;
    /// No compression.
    pub const COMPRESSION_NONE: i64 = 0;
    /// gzip.
    pub const COMPRESSION_GZIP: i64 = 1;
    /// snappy (xerial framing, as the Java client writes it).
    pub const COMPRESSION_SNAPPY: i64 = 2;
    /// lz4 frame.
    pub const COMPRESSION_LZ4: i64 = 3;
    /// zstd.
    pub const COMPRESSION_ZSTD: i64 = 4;

    /// Not for PHP: the class only holds constants.
    #[php(vis = "private")]
    pub fn __construct() -> Self {
        Kafka
    }
}

fn startup(_ty: i32, module_number: i32) -> i32 {
    IniEntryDef::register(settings::INI_ENTRIES.as_slice(), module_number);
    // The classes users subclass as PHP classes are registered by hand (see
    // exceptions.rs and partitioner.rs); the others follow, registered by ext-php-rs.
    let registered = catch_unwind(|| {
        exceptions::register()
            .and_then(|()| partitioner::register())
            .and_then(|()| filter::register())
    });
    let failure = match registered {
        Ok(Ok(())) => return 0,
        Ok(Err(e)) => e.to_string(),
        Err(_) => "panic".to_string(),
    };
    ext_php_rs::error::php_error(
        &ext_php_rs::flags::ErrorType::CoreWarning,
        &format!("kafka_rs: registering classes failed: {failure}"),
    );
    -1
}

extern "C" fn shutdown(_ty: i32, module_number: i32) -> i32 {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        zend::unregister_ini_entries(module_number)
    }));
    0
}

extern "C" fn info(module: *mut ModuleEntry) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        info_table_start!();
        info_table_header!("kafka_rs support", "enabled");
        info_table_row!("version", env!("CARGO_PKG_VERSION"));
        info_table_row!("build", env!("KAFKA_RS_BUILD"));
        info_table_row!("codecs", "gzip, snappy, lz4, zstd");
        info_table_row!(
            "pooled clusters in this process",
            crate::client::pool::size().to_string()
        );
        info_table_end!();
        zend::show_ini_entries(module);
    }));
}

#[php_module]
#[php(startup = "startup")]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .class::<Kafka>()
        .class::<message::Message>()
        .class::<producer::ProducerConnector>()
        .class::<consumer::ConsumerConnector>()
        .class::<consumer::MessageStream>()
        .shutdown_function(shutdown)
        .info_function(info)
}
