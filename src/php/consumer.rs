//! `\Kafka\ConsumerConnector` and `\Kafka\MessageStream`.

use ext_php_rs::convert::IntoZval;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;

use super::convert;
use super::exceptions::{end_of_stream, value_error};
use super::message::Message;
use super::settings;
use crate::client::cluster::SharedCluster;
use crate::client::connector::Connector;
use crate::client::consumer::{PartitionStream, StartOffset};
use crate::client::pool;

/// Reads topics of the cluster behind a connector.
#[php_class]
#[php(name = "Kafka\\ConsumerConnector")]
pub struct ConsumerConnector {
    cluster: SharedCluster,
    group_id: Option<String>,
}

#[php_impl]
#[php(change_method_case = "none")]
#[allow(non_snake_case)]
impl ConsumerConnector {
    /// A consumer for the cluster behind `$connector` (ZooKeeper `host:port[/chroot]`
    /// or `kafka://host:port,...`).
    #[php(name = "Create")]
    pub fn create(
        connector: String,
        group_id: Option<String>,
        options: Option<&ZendHashTable>,
    ) -> PhpResult<Self> {
        let parsed = Connector::parse(&connector)?;
        if group_id.as_deref() == Some("") {
            return Err(value_error(
                "Kafka\\ConsumerConnector::Create(): Argument #2 ($groupId) must not be empty",
            ));
        }
        let config = convert::config(options)?;
        let cluster = if settings::pooling() {
            pool::cluster(parsed, config)
        } else {
            pool::private_cluster(parsed, config)
        };
        Ok(ConsumerConnector { cluster, group_id })
    }

    /// The consumer group given to Create(), or null.
    pub fn getGroupId(&self) -> Option<String> {
        self.group_id.clone()
    }

    /// One stream per partition of `$topic`, in partition order, starting at
    /// `$offset` (OFFSETS_EARLIEST, OFFSETS_LATEST, or an offset). `$maxFetchSize`
    /// (default 1 MiB) bounds each fetch, not the size of one message.
    #[php(defaults(max_fetch_size = 1048576))]
    pub fn createMessageStreams(
        &self,
        topic: String,
        max_fetch_size: i64,
        offset: Option<&Zval>,
    ) -> PhpResult<Vec<MessageStream>> {
        convert::topic_arg(
            &topic,
            "Kafka\\ConsumerConnector::createMessageStreams(): Argument #1 ($topic)",
        )?;
        if !(1..=i32::MAX as i64).contains(&max_fetch_size) {
            return Err(value_error(format!(
                "Kafka\\ConsumerConnector::createMessageStreams(): Argument #2 ($maxFetchSize) must be between 1 and {}, {max_fetch_size} given",
                i32::MAX
            )));
        }
        let start = convert::offset_arg(
            offset,
            "Kafka\\ConsumerConnector::createMessageStreams(): Argument #3 ($offset)",
        )?;
        let partitions: Vec<i32> = {
            let mut c = self.cluster.lock();
            c.topic(&topic, false)?
                .partitions
                .iter()
                .map(|p| p.id)
                .collect()
        };
        let mut streams = Vec::with_capacity(partitions.len());
        for p in partitions {
            let mut s = PartitionStream::new(
                self.cluster.clone(),
                &topic,
                p,
                start,
                max_fetch_size as i32,
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
    pub fn current(&mut self) -> PhpResult<Zval> {
        match self.current.take() {
            Some(m) => {
                let copy = Message::clone_of(&m);
                self.current = Some(m);
                Ok(copy.into_zval(false)?)
            }
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
