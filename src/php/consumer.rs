//! `\Kafka\ConsumerConnector` and `\Kafka\MessageStream`.

// A Rust parameter's name is the PHP one, which named arguments use: camelCase,
// as kafka-php named them.
#![allow(non_snake_case)]

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;
use ext_php_rs::zend::ce;

use super::convert::{self, FilterArg, NullableStrArg, OffsetArg, OptionsArg};
use super::exceptions::{end_of_stream, value_error};
use super::filter;
use super::message::Message;
use super::settings;
use super::zend::bytes_zval;
use crate::client::cluster::SharedCluster;
use crate::client::config::Config;
use crate::client::connector::Connector;
use crate::client::consumer::{PartitionStream, StartOffset};
use crate::client::pool;

/// Reads topics of the cluster behind a connector.
#[php_class]
#[php(name = "Kafka\\ConsumerConnector")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct ConsumerConnector {
    cluster: SharedCluster,
    config: Config,
    group_id: Option<String>,
}

#[php_impl]
#[php(change_method_case = "none")]
#[allow(non_snake_case)]
impl ConsumerConnector {
    /// Not for PHP: consumers come from `Create()`.
    #[php(vis = "private")]
    pub fn __construct() -> PhpResult<Self> {
        Err(PhpException::from_message(
            "use Kafka\\ConsumerConnector::Create()".into(),
        ))
    }

    /// A consumer for the cluster behind `$connector` (ZooKeeper `host:port[/chroot]`
    /// or `kafka://host:port,...`).
    #[php(name = "Create")]
    pub fn create(
        connector: String,
        groupId: NullableStrArg<'_>,
        options: OptionsArg<'_>,
    ) -> PhpResult<Self> {
        let parsed = Connector::parse(&connector)?;
        let group_id = convert::group_id_arg(
            &groupId,
            "Kafka\\ConsumerConnector::Create(): Argument #2 ($groupId)",
        )?;
        let config = convert::config(
            &options,
            "Kafka\\ConsumerConnector::Create(): Argument #3 ($options)",
        )?;
        let cluster = if settings::pooling() {
            pool::cluster(parsed, &config)
        } else {
            pool::private_cluster(parsed, &config)
        };
        Ok(ConsumerConnector {
            cluster,
            config,
            group_id,
        })
    }

    /// The consumer group given to Create(), or null.
    pub fn getGroupId(&self) -> Option<String> {
        self.group_id.clone()
    }

    /// One stream per partition of `$topic`, in partition order, starting at
    /// `$offset` (OFFSETS_EARLIEST, OFFSETS_LATEST, or an offset). `$maxFetchSize`
    /// (default 1 MiB) bounds each fetch, not the size of one message.
    #[php(defaults(maxFetchSize = 1048576, offset = OffsetArg::LATEST))]
    pub fn createMessageStreams(
        &self,
        topic: String,
        maxFetchSize: i64,
        offset: OffsetArg<'_>,
    ) -> PhpResult<Vec<MessageStream>> {
        const FN: &str = "Kafka\\ConsumerConnector::createMessageStreams()";
        convert::topic_arg(&topic, &format!("{FN}: Argument #1 ($topic)"))?;
        let max = fetch_size_arg(maxFetchSize, FN)?;
        let start = convert::offset_arg(offset.value(), &format!("{FN}: Argument #3 ($offset)"))?;
        self.streams(&topic, max, start)
    }

    /// One stream per partition of every topic `$filter` lets through, ordered
    /// by topic name, then partition; an empty array when none does.
    #[php(defaults(maxFetchSize = 1048576, offset = OffsetArg::LATEST))]
    pub fn createMessageStreamsByFilter(
        &self,
        filter: FilterArg<'_>,
        maxFetchSize: i64,
        offset: OffsetArg<'_>,
    ) -> PhpResult<Vec<MessageStream>> {
        const FN: &str = "Kafka\\ConsumerConnector::createMessageStreamsByFilter()";
        let filter = filter::filter_arg(filter.0, &format!("{FN}: Argument #1 ($filter)"))?;
        let max = fetch_size_arg(maxFetchSize, FN)?;
        let start = convert::offset_arg(offset.value(), &format!("{FN}: Argument #3 ($offset)"))?;
        // The lock is released before the filter (user code) runs.
        let topics = self.cluster.lock().list_topics()?;
        let mut streams = Vec::new();
        for (topic, _) in topics {
            if filter::passes(filter, &bytes_zval(topic.as_bytes()))? {
                streams.extend(self.streams(&topic, max, start)?);
            }
        }
        Ok(streams)
    }
}

/// `$maxFetchSize`: 1 byte to 2 GiB, as the Fetch API counts it.
fn fetch_size_arg(max_fetch_size: i64, function: &str) -> PhpResult<i32> {
    i32::try_from(max_fetch_size)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            value_error(format!(
                "{function}: Argument #2 ($maxFetchSize) must be between 1 and {}, {max_fetch_size} given",
                i32::MAX
            ))
        })
}

impl ConsumerConnector {
    /// One stream per partition of `topic`, in partition order.
    fn streams(
        &self,
        topic: &str,
        max_fetch_size: i32,
        start: StartOffset,
    ) -> PhpResult<Vec<MessageStream>> {
        let mut partitions: Vec<i32> = {
            let mut c = self.cluster.lock();
            c.topic(topic, false)?
                .partitions
                .iter()
                .map(|p| p.id)
                .collect()
        };
        // Metadata lists partitions in the broker's order, not always by number.
        partitions.sort_unstable();
        let mut streams = Vec::with_capacity(partitions.len());
        for p in partitions {
            let mut s = PartitionStream::new(
                self.cluster.clone(),
                self.config.clone(),
                topic,
                p,
                start,
                max_fetch_size,
            );
            // Resolve earliest/latest now, so LATEST means "from when the stream was created".
            if matches!(
                start,
                StartOffset::Latest | StartOffset::Earliest | StartOffset::Timestamp(_)
            ) {
                s.offset()?;
            }
            streams.push(MessageStream {
                stream: s,
                current: None,
                started: false,
            });
        }
        Ok(streams)
    }
}

/// The messages of one partition, in offset order. `nextMessage()` returns
/// false once caught up; a later call fetches again. Also an `\Iterator`.
#[php_class]
#[php(name = "Kafka\\MessageStream")]
#[php(implements(ce = ce::iterator, stub = "\\Iterator"))]
pub struct MessageStream {
    stream: PartitionStream,
    current: Option<Message>,
    started: bool,
}

impl MessageStream {
    fn fetch_next(&mut self) -> PhpResult<Option<Message>> {
        let topic = self.stream.topic().to_string();
        let partition = self.stream.partition();
        Ok(self
            .stream
            .next_record()?
            .map(|r| Message::from_record(&topic, partition, r)))
    }
}

#[php_impl]
#[php(change_method_case = "none")]
#[allow(non_snake_case)]
impl MessageStream {
    /// Not for PHP: streams come from `ConsumerConnector::createMessageStreams()`.
    #[php(vis = "private")]
    pub fn __construct() -> PhpResult<Self> {
        Err(PhpException::from_message(
            "use Kafka\\ConsumerConnector::createMessageStreams()".into(),
        ))
    }

    /// The next message, or false when the partition is caught up.
    pub fn nextMessage(&mut self) -> PhpResult<Zval> {
        match self.fetch_next()? {
            Some(m) => Ok(m.into_zval(false)?),
            None => Ok(false.into_zval(false)?),
        }
    }

    /// Topic of the stream.
    pub fn topic(&self) -> String {
        self.stream.topic().to_string()
    }

    /// Partition of the stream.
    pub fn partition(&self) -> i64 {
        self.stream.partition() as i64
    }

    /// Offset of the next message to be read, as a decimal string.
    pub fn offset(&mut self) -> PhpResult<String> {
        Ok(self.stream.offset()?.to_string())
    }

    /// \Iterator: the message at the current position.
    pub fn current(&self) -> PhpResult<Message> {
        match &self.current {
            Some(m) => Ok(Message::clone_of(m)),
            None => Err(end_of_stream(format!(
                "no current message in {}/{}: the stream is caught up",
                self.stream.topic(),
                self.stream.partition()
            ))),
        }
    }

    /// \Iterator: the current message's offset.
    pub fn key(&self) -> Option<String> {
        self.current.as_ref().map(Message::offset_string)
    }

    /// \Iterator: moves to the next message (fetching as needed).
    pub fn next(&mut self) -> PhpResult<()> {
        self.started = true;
        self.current = self.fetch_next()?;
        Ok(())
    }

    /// \Iterator: a stream cannot go back; the first rewind reads the first message.
    pub fn rewind(&mut self) -> PhpResult<()> {
        if !self.started {
            self.next()?;
        }
        Ok(())
    }

    /// \Iterator: false once caught up.
    pub fn valid(&self) -> bool {
        self.current.is_some()
    }
}
