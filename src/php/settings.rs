//! The `kafka_rs.*` ini settings: defaults for every connector.

use std::time::Duration;

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use super::zend;
use crate::client::config::Config;

/// Every setting with its default. Changing these needs no restart of the
/// process (they are read when a connector is created).
pub static INI_ENTRIES: IniEntryDefs<11> = IniEntryDefs::new([
    IniEntryDef::new(c"kafka_rs.client_id", c"kafka_rs", IniEntryPermission::All),
    IniEntryDef::new(
        c"kafka_rs.connect_timeout_ms",
        c"5000",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(
        c"kafka_rs.request_timeout_ms",
        c"30000",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(c"kafka_rs.acks", c"1", IniEntryPermission::All),
    IniEntryDef::new(c"kafka_rs.retries", c"5", IniEntryPermission::All),
    IniEntryDef::new(
        c"kafka_rs.metadata_ttl_ms",
        c"60000",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(c"kafka_rs.fetch_wait_ms", c"100", IniEntryPermission::All),
    IniEntryDef::new(c"kafka_rs.pool", c"1", IniEntryPermission::All),
    IniEntryDef::new(
        c"kafka_rs.shutdown_flush_ms",
        c"5000",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(
        c"kafka_rs.auto_commit_interval_ms",
        c"10000",
        IniEntryPermission::All,
    ),
    IniEntryDef::end(),
]);

fn ms(name: &str, min: i64) -> Duration {
    Duration::from_millis(zend::ini_long(name).max(min) as u64)
}

/// A client configuration from the current ini values.
pub fn config_from_ini() -> Config {
    let defaults = Config::default();
    Config {
        client_id: zend::ini_string("kafka_rs.client_id")
            .filter(|s| !s.is_empty())
            .unwrap_or(defaults.client_id.clone()),
        connect_timeout: ms("kafka_rs.connect_timeout_ms", 1),
        request_timeout: ms("kafka_rs.request_timeout_ms", 1),
        acks: zend::ini_long("kafka_rs.acks").clamp(-1, 1) as i16,
        produce_retries: zend::ini_long("kafka_rs.retries").clamp(0, 1000) as u32,
        metadata_ttl: ms("kafka_rs.metadata_ttl_ms", 0),
        fetch_wait: ms("kafka_rs.fetch_wait_ms", 0),
        // 0: no automatic commits (see GroupConsumer::poll).
        auto_commit_interval: ms("kafka_rs.auto_commit_interval_ms", 0),
        ..defaults
    }
}

/// True unless `kafka_rs.pool=0`.
pub fn pooling() -> bool {
    zend::ini_long("kafka_rs.pool") != 0
}

/// How long a connector destroyed with unsent messages may spend sending them.
pub fn shutdown_flush() -> Duration {
    ms("kafka_rs.shutdown_flush_ms", 0)
}
