//! One TCP connection to a broker: blocking `std::net` with timeouts, a read
//! buffer, and the API versions the broker announced.
//!
//! A connection that failed mid-request is marked broken and must not be used
//! again: the stream position is unknown, and a late response could be taken
//! for the answer to the next request.

use std::io::{BufReader, Read, Take, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use super::config::Config;
use super::error::{Error, Result};
use crate::protocol::frame::{self, Request};
use crate::protocol::messages::api_versions::{ApiVersionsRequest, ApiVersionsResponse};
use crate::protocol::primitives::Decoder;
use crate::protocol::ProtocolError;

/// Size of the socket read buffer: large enough that a fetch of small records
/// costs few system calls.
const READ_BUFFER: usize = 256 * 1024;

/// The response body being read: the rest of one frame.
pub type Body<'a> = Take<&'a mut BufReader<TcpStream>>;

/// A connection to one broker.
pub struct Connection {
    addr: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    versions: ApiVersionsResponse,
    correlation_id: i32,
    client_id: String,
    request_timeout: Duration,
    out: Vec<u8>,
    broken: bool,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("addr", &self.addr)
            .field("broken", &self.broken)
            .finish()
    }
}

/// Opens a TCP connection to `addr` (every resolved address is tried in turn).
pub fn connect_tcp(addr: &str, timeout: Duration) -> Result<TcpStream> {
    let addrs: Vec<SocketAddr> = addr
        .to_socket_addrs()
        .map_err(|e| Error::Connect {
            addr: addr.to_string(),
            reason: format!("cannot resolve: {e}"),
        })?
        .collect();
    let mut last = None;
    for sa in &addrs {
        match TcpStream::connect_timeout(sa, timeout) {
            Ok(s) => return Ok(s),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Error::Timeout {
                addr: addr.to_string(),
                what: "connect".into(),
                ms: timeout.as_millis() as u64,
            }
        }
        Some(e) => Error::Connect {
            addr: addr.to_string(),
            reason: e.to_string(),
        },
        None => Error::Connect {
            addr: addr.to_string(),
            reason: "name resolved to no address".into(),
        },
    })
}

impl Connection {
    /// Connects to `addr` and asks which API versions it speaks.
    pub fn open(addr: &str, config: &Config) -> Result<Connection> {
        let stream = connect_tcp(addr, config.connect_timeout)?;
        let io_err = |e| Error::from_io(addr, "connect", e, config.connect_ms());
        stream.set_nodelay(true).map_err(io_err)?;
        // The handshake is bounded by the connect timeout, so that a port that
        // accepts but never answers (a ZooKeeper given as a broker) fails fast.
        stream
            .set_read_timeout(Some(config.connect_timeout))
            .map_err(io_err)?;
        stream
            .set_write_timeout(Some(config.request_timeout))
            .map_err(io_err)?;
        let writer = stream.try_clone().map_err(io_err)?;
        let mut conn = Connection {
            addr: addr.to_string(),
            reader: BufReader::with_capacity(READ_BUFFER, stream),
            writer,
            versions: ApiVersionsResponse {
                error_code: crate::protocol::KafkaCode::NONE,
                api_keys: Vec::new(),
            },
            correlation_id: 0,
            client_id: config.client_id.clone(),
            request_timeout: config.request_timeout,
            out: Vec::with_capacity(1024),
            broken: false,
        };
        let versions = conn
            .request(&ApiVersionsRequest, 0, |r, v| ApiVersionsResponse::decode(r, v))
            .map_err(|e| match e {
                Error::Timeout { addr, .. } => Error::Timeout {
                    addr,
                    what: "ApiVersions handshake (is this a Kafka broker?)".into(),
                    ms: config.connect_ms(),
                },
                Error::Io { addr, source, .. } => Error::Connect {
                    addr,
                    reason: format!("closed during the ApiVersions handshake (is this a Kafka broker?): {source}"),
                },
                Error::Protocol { addr, source, .. } => Error::Connect {
                    addr,
                    reason: format!("not a Kafka broker (bad ApiVersions answer: {source})"),
                },
                other => other,
            })?;
        if !versions.error_code.is_ok() {
            return Err(Error::Broker {
                addr: addr.to_string(),
                code: versions.error_code,
                context: "ApiVersions".into(),
                message: None,
            });
        }
        conn.versions = versions;
        conn.set_read_timeout(config.request_timeout)?;
        Ok(conn)
    }

    /// The broker's address.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// False once a request on this connection failed half way.
    pub fn is_usable(&self) -> bool {
        !self.broken
    }

    /// True when an idle connection is still open: the peer has not closed it
    /// (broker restart, idle timeout) and sent nothing unasked. Checked before a
    /// pooled connection is reused, so that no request is written into a
    /// socket that is already dead.
    pub fn is_alive(&mut self) -> bool {
        if self.broken || !self.reader.buffer().is_empty() {
            return false;
        }
        let sock = self.reader.get_ref();
        if sock.set_nonblocking(true).is_err() {
            return false;
        }
        let mut probe = [0u8; 1];
        let alive = match sock.peek(&mut probe) {
            Ok(_) => false, // 0: closed by the peer; >0: bytes nobody asked for
            Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
        };
        alive && sock.set_nonblocking(false).is_ok()
    }

    /// Changes the read timeout (a fetch waits longer than other requests).
    pub fn set_read_timeout(&mut self, t: Duration) -> Result<()> {
        self.request_timeout = t;
        self.reader
            .get_ref()
            .set_read_timeout(Some(t))
            .map_err(|e| Error::from_io(&self.addr, "configure", e, t.as_millis() as u64))
    }

    /// The version of `R`'s API to use with this broker: the highest both sides
    /// know, capped at `max`.
    pub fn version_for<R: Request>(&self, max: i16) -> Result<i16> {
        self.versions
            .negotiate(R::API_KEY, (R::MIN_VERSION, R::MAX_VERSION.min(max)))
            .ok_or_else(|| Error::UnsupportedVersion {
                addr: self.addr.clone(),
                api: R::API_KEY.name(),
                min: R::MIN_VERSION,
                max: R::MAX_VERSION.min(max),
            })
    }

    /// Sends a request and returns its correlation id. The response must be
    /// read with [`Connection::read_response`] before the next request's.
    pub fn send<R: Request>(&mut self, req: &R, version: i16) -> Result<i32> {
        if self.broken {
            return Err(Error::Io {
                addr: self.addr.clone(),
                what: R::API_KEY.name(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotConnected,
                    "connection was broken by an earlier failure",
                ),
            });
        }
        self.correlation_id = self.correlation_id.wrapping_add(1);
        let id = self.correlation_id;
        frame::encode_request(req, version, id, &self.client_id, &mut self.out);
        if let Err(e) = self.writer.write_all(&self.out) {
            self.broken = true;
            return Err(Error::from_io(
                &self.addr,
                R::API_KEY.name(),
                e,
                self.request_timeout.as_millis() as u64,
            ));
        }
        Ok(id)
    }

    /// Reads a response frame's size and correlation id, and returns the body
    /// as a reader limited to the frame.
    pub fn read_response(&mut self, correlation_id: i32, what: &'static str) -> Result<Body<'_>> {
        let ms = self.request_timeout.as_millis() as u64;
        let head = (|| -> std::result::Result<(usize, i32), ProtocolError> {
            let size = frame::read_response_size(&mut self.reader)?;
            let id = self.reader.get_i32()?;
            Ok((size, id))
        })();
        let (size, id) = match head {
            Ok(h) => h,
            Err(e) => {
                self.broken = true;
                return Err(Error::from_protocol(&self.addr, what, e, ms));
            }
        };
        if id != correlation_id {
            self.broken = true;
            return Err(Error::Protocol {
                addr: self.addr.clone(),
                what,
                source: ProtocolError::Malformed {
                    what: "response header",
                    reason: format!("correlation id {id}, expected {correlation_id}"),
                },
            });
        }
        Ok((&mut self.reader).take((size - 4) as u64))
    }

    /// The next `limit` bytes of the response being read (used to resume a
    /// response that is consumed across several calls).
    pub fn body(&mut self, limit: u64) -> Body<'_> {
        (&mut self.reader).take(limit)
    }

    /// Marks the connection unusable (after a failure while reading a body).
    pub fn mark_broken(&mut self) {
        self.broken = true;
    }

    /// Sends a request, decodes its response with `decode`, and skips any
    /// bytes the decoder left (fields of newer versions it does not need).
    pub fn request<R: Request, T>(
        &mut self,
        req: &R,
        version: i16,
        decode: impl FnOnce(&mut Body<'_>, i16) -> std::result::Result<T, ProtocolError>,
    ) -> Result<T> {
        let what = R::API_KEY.name();
        let id = self.send(req, version)?;
        let ms = self.request_timeout.as_millis() as u64;
        let addr = self.addr.clone();
        let mut body = self.read_response(id, what)?;
        let result = decode(&mut body, version).and_then(|v| {
            let left = body.limit();
            body.skip(left)?;
            Ok(v)
        });
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                self.broken = true;
                Err(Error::from_protocol(&addr, what, e, ms))
            }
        }
    }

    /// Sends `req` at the highest version both sides speak and decodes the answer.
    pub fn call<R: Request, T>(
        &mut self,
        req: &R,
        decode: impl FnOnce(&mut Body<'_>, i16) -> std::result::Result<T, ProtocolError>,
    ) -> Result<T> {
        let version = self.version_for::<R>(i16::MAX)?;
        self.request(req, version, decode)
    }

    /// Sends a request that gets no response (Produce with acks = 0).
    pub fn send_only<R: Request>(&mut self, req: &R, version: i16) -> Result<()> {
        self.send(req, version).map(|_| ())
    }
}

/// Reads everything left in `body` into a sink (used when abandoning a response).
pub fn drain<R: Read>(body: &mut R) -> std::io::Result<u64> {
    std::io::copy(body, &mut std::io::sink())
}
