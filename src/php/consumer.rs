//! `\Kafka\ConsumerConnector` and `\Kafka\MessageStream`.
//!
//! With a group id, all streams of one connector share one group member
//! (`GroupConsumer`): a stream reads its partition only while the group
//! assigns it to this process, from the group's committed offset. The member
//! commits and leaves when `close()` is called, or when the connector and the
//! last of its streams are destroyed (unset, end of scope, end of request).

// A Rust parameter's name is the PHP one, which named arguments use: camelCase,
// as kafka-php named them.
#![allow(non_snake_case)]

use std::sync::Arc;

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;
use ext_php_rs::zend::ce;

use super::convert::{self, FilterArg, NullableStrArg, OffsetArg, OptionsArg};
use super::exceptions::{end_of_stream, kafka_error, value_error};
use super::filter;
use super::message::Message;
use super::settings;
use super::zend::{bytes_zval, log_error};
use crate::client::cluster::SharedCluster;
use crate::client::config::Config;
use crate::client::connector::Connector;
use crate::client::consumer::{PartitionStream, StartOffset};
use crate::client::group_consumer::{GroupConsumer, GroupStream, SharedGroup};
use crate::client::pool;

/// Reads topics of the cluster behind a connector.
#[php_class]
#[php(name = "Kafka\\ConsumerConnector")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct ConsumerConnector {
    cluster: SharedCluster,
    config: Config,
    group_id: Option<String>,
    /// The group member shared by this connector's streams (with a group id).
    group: Option<SharedGroup>,
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
        let convert::ConsumerOptions { config, assignors } = convert::consumer_options(
            &options,
            "Kafka\\ConsumerConnector::Create(): Argument #3 ($options)",
        )?;
        let cluster = if settings::pooling() {
            pool::cluster(parsed, &config)
        } else {
            pool::private_cluster(parsed, &config)
        };
        // Nothing is sent yet: the member joins when a stream is first read.
        let group = group_id
            .as_deref()
            .map(|g| GroupConsumer::new(cluster.clone(), config.clone(), g, Vec::new(), assignors));
        Ok(ConsumerConnector {
            cluster,
            config,
            group_id,
            group,
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
        self.subscribe(FN, std::slice::from_ref(&topic))?;
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
        let mut chosen = Vec::new();
        for (topic, _) in topics {
            if filter::passes(filter, &bytes_zval(topic.as_bytes()))? {
                chosen.push(topic);
            }
        }
        // One subscription change for all of them: the group rebalances once.
        self.subscribe(FN, &chosen)?;
        let mut streams = Vec::new();
        for topic in &chosen {
            streams.extend(self.streams(topic, max, start)?);
        }
        Ok(streams)
    }

    /// Commits now, for the consumer group, the position of every partition
    /// this process read (the offset after the last message returned).
    pub fn commitOffsets(&self) -> PhpResult<()> {
        let group = self.group_or_throw("commitOffsets")?;
        let mut g = group.lock();
        // After close() everything read was committed already.
        if !g.is_closed() {
            g.commit()?;
        }
        Ok(())
    }

    /// Commits and leaves the consumer group, so that the other members take
    /// this process's partitions at once. Later calls do nothing.
    pub fn close(&self) -> PhpResult<()> {
        if let Some(group) = &self.group {
            let mut g = group.lock();
            if !g.is_closed() {
                g.close()?;
            }
        }
        Ok(())
    }

    /// The partitions the group assigned to this process as of the last
    /// read, topic => list of partitions.
    pub fn getAssignment(&self) -> Vec<(String, Vec<i64>)> {
        let Some(group) = &self.group else {
            return Vec::new();
        };
        let g = group.lock();
        if g.is_closed() || g.member().needs_join() {
            return Vec::new();
        }
        g.member()
            .assignment()
            .iter()
            .filter(|(_, parts)| !parts.is_empty())
            .map(|(t, parts)| (t.clone(), parts.iter().map(|p| *p as i64).collect()))
            .collect()
    }

    /// The group's committed offsets of `$topic`, partition => offset
    /// (decimal string); partitions without a commit are left out.
    pub fn getCommittedOffsets(&self, topic: String) -> PhpResult<Vec<(i64, String)>> {
        const FN: &str = "Kafka\\ConsumerConnector::getCommittedOffsets()";
        convert::topic_arg(&topic, &format!("{FN}: Argument #1 ($topic)"))?;
        let group = self.group_or_throw("getCommittedOffsets")?;
        let partitions = self.partitions(&topic)?;
        let committed = group.lock().fetch_committed(&topic, &partitions)?;
        Ok(committed
            .into_iter()
            .filter_map(|(p, o)| o.map(|o| (p as i64, o.to_string())))
            .collect())
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
    /// The partitions of `topic`, by number.
    fn partitions(&self, topic: &str) -> PhpResult<Vec<i32>> {
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
        Ok(partitions)
    }

    /// The group, or the exception for a connector created without one.
    fn group_or_throw(&self, method: &str) -> PhpResult<&SharedGroup> {
        self.group.as_ref().ok_or_else(|| {
            kafka_error(format!(
                "Kafka\\ConsumerConnector::{method}(): this connector has no consumer group \
                 (ConsumerConnector::Create() was given no $groupId)"
            ))
        })
    }

    /// Adds `topics` to the group's subscription (the member rejoins with them
    /// on its next read). Nothing to do without a group.
    fn subscribe(&self, function: &str, topics: &[String]) -> PhpResult<()> {
        let Some(group) = &self.group else {
            return Ok(());
        };
        let mut g = group.lock();
        if g.is_closed() {
            return Err(closed_error(g.member().group_id(), function));
        }
        g.subscribe(topics);
        Ok(())
    }

    /// One stream per partition of `topic`, in partition order.
    fn streams(
        &self,
        topic: &str,
        max_fetch_size: i32,
        start: StartOffset,
    ) -> PhpResult<Vec<MessageStream>> {
        let partitions = self.partitions(topic)?;
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
            let source = match &self.group {
                None => {
                    // Resolve earliest/latest now, so LATEST means "from when the stream was created".
                    if matches!(
                        start,
                        StartOffset::Latest | StartOffset::Earliest | StartOffset::Timestamp(_)
                    ) {
                        s.offset()?;
                    }
                    Source::Plain(s)
                }
                Some(group) => {
                    // Where the group has no commit: LATEST and a time as
                    // resolved now (so nothing produced after this call is
                    // skipped, however late the partition is assigned here);
                    // EARLIEST as it is when the partition is assigned.
                    let default = match start {
                        StartOffset::Latest | StartOffset::Timestamp(_) => {
                            StartOffset::At(s.offset()?)
                        }
                        other => other,
                    };
                    Source::Group(GroupStream::new(s, group.clone(), default))
                }
            };
            streams.push(MessageStream {
                source,
                current: None,
                started: false,
            });
        }
        Ok(streams)
    }
}

/// The exception for using a connector, or its streams, after `close()`.
fn closed_error(group_id: &str, function: &str) -> PhpException {
    kafka_error(format!(
        "{function}: the ConsumerConnector of group \"{group_id}\" was closed"
    ))
}

/// Commits and leaves when the last PHP object sharing `group` (the connector
/// or one of its streams) is destroyed. Failures go to PHP's error log: no
/// PHP code is left to catch them.
fn close_when_last(group: &SharedGroup) {
    if Arc::strong_count(group) != 1 {
        return;
    }
    let mut g = group.lock();
    if g.is_closed() {
        return;
    }
    let id = g.member().group_id().to_string();
    if let Err(e) = g.commit() {
        log_error(&format!(
            "kafka_rs: consumer group \"{id}\": the positions read since the last commit were not committed \
             when the ConsumerConnector and its streams were destroyed, so the group will read those \
             messages again: {e}"
        ));
    }
    if let Err(e) = g.leave() {
        log_error(&format!(
            "kafka_rs: consumer group \"{id}\": leaving the group failed when the ConsumerConnector and \
             its streams were destroyed, so its partitions move to the other members only after the \
             session timeout: {e}"
        ));
    }
}

impl Drop for ConsumerConnector {
    fn drop(&mut self) {
        if let Some(group) = &self.group {
            close_when_last(group);
        }
    }
}

/// The messages of one partition, in offset order. `nextMessage()` returns
/// false once caught up; a later call fetches again. Also an `\Iterator`.
#[php_class]
#[php(name = "Kafka\\MessageStream")]
#[php(implements(ce = ce::iterator, stub = "\\Iterator"))]
pub struct MessageStream {
    source: Source,
    current: Option<Message>,
    started: bool,
}

/// A stream of its own, or one that reads while the group assigns its partition.
enum Source {
    Plain(PartitionStream),
    Group(GroupStream),
}

impl MessageStream {
    fn fetch_next(&mut self) -> PhpResult<Option<Message>> {
        let record = match &mut self.source {
            Source::Plain(s) => s.next_record()?,
            Source::Group(s) => {
                {
                    let g = s.group().lock();
                    if g.is_closed() {
                        return Err(closed_error(
                            g.member().group_id(),
                            "Kafka\\MessageStream::nextMessage()",
                        ));
                    }
                }
                s.next_record()?
            }
        };
        // The topic is copied into the message only when there is one.
        Ok(record.map(|r| Message::from_record(self.source_topic(), self.source_partition(), r)))
    }

    fn source_topic(&self) -> &str {
        match &self.source {
            Source::Plain(s) => s.topic(),
            Source::Group(s) => s.topic(),
        }
    }

    fn source_partition(&self) -> i32 {
        match &self.source {
            Source::Plain(s) => s.partition(),
            Source::Group(s) => s.partition(),
        }
    }
}

impl Drop for MessageStream {
    fn drop(&mut self) {
        if let Source::Group(s) = &self.source {
            close_when_last(s.group());
        }
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
        self.source_topic().to_string()
    }

    /// Partition of the stream.
    pub fn partition(&self) -> i64 {
        self.source_partition() as i64
    }

    /// Offset of the next message to be read, as a decimal string.
    pub fn offset(&mut self) -> PhpResult<String> {
        let stream = match &mut self.source {
            Source::Plain(s) => s,
            Source::Group(s) => s.stream(),
        };
        Ok(stream.offset()?.to_string())
    }

    /// \Iterator: the message at the current position.
    pub fn current(&self) -> PhpResult<Message> {
        match &self.current {
            Some(m) => Ok(Message::clone_of(m)),
            None => Err(end_of_stream(format!(
                "no current message in {}/{}: the stream is caught up",
                self.topic(),
                self.source_partition()
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
