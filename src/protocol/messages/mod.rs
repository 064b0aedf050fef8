//! One module per Kafka API: request encoders and response decoders for the
//! non-flexible versions kafka_rs negotiates.

pub mod api_versions;
pub mod consumer_protocol;
pub mod fetch;
pub mod find_coordinator;
pub mod group;
pub mod init_producer_id;
pub mod list_offsets;
pub mod metadata;
pub mod offsets;
pub mod produce;

/// Cap on array counts in responses; Kafka never sends more topics, partitions
/// or brokers than this to one client.
pub(crate) const MAX_ARRAY: usize = 1 << 20;
