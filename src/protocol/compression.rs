//! Kafka's compression codecs, at the level of bytes on the wire.
//!
//! A Kafka producer compresses a whole group of records as one unit: for a
//! v2 record batch (magic 2) that is everything after the batch header's
//! `records count` field, and for the legacy formats (magic 0 and 1) it is
//! the message set carried in the `value` of a single wrapper message. The
//! codec is named by the low three bits of the batch or message `attributes`
//! ([`Compression::from_attributes`]). This module turns one such unit into
//! compressed bytes ([`compress`]) and back ([`decompressor`]); what is inside
//! the unit is the record parser's business.
//!
//! # Framings
//!
//! Each codec wraps its compressed data in a container, and for two of them
//! the container Kafka uses is not the obvious one:
//!
//! * **gzip** (id 1): a plain RFC 1952 gzip stream. Decoding accepts several
//!   concatenated gzip members, as Java's `GZIPInputStream` does.
//! * **snappy** (id 2): *not* Google's snappy "framing format", but the stream
//!   format of the xerial snappy-java library that the Java client uses:
//!
//!   ```text
//!   magic    8 bytes   0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00
//!   version  int32 BE  1
//!   compat   int32 BE  1 (minimum version a reader must understand)
//!   then, until the end of the input, blocks of:
//!     length int32 BE, followed by `length` bytes of one raw snappy block
//!   ```
//!
//!   The Java writer cuts its input into blocks of at most 32 KiB, and so
//!   does [`compress`]. The decoder also accepts a second xerial header where
//!   a block length is expected (snappy-java reads concatenated streams that
//!   way) and a single raw snappy block with no framing at all, which is what
//!   librdkafka-based producers send. Detection is unambiguous: a raw block
//!   starting with the magic would have to open with a back-reference, which
//!   is invalid in the first element of a snappy block.
//! * **lz4** (id 3): the LZ4 *frame* format (magic `0x184D2204`), not bare LZ4
//!   blocks. Kafka's writer computed the frame header checksum over the magic
//!   number as well as the frame descriptor (KAFKA-3160); the fix applies
//!   only from message format 1 on, so magic 0 messages keep the wrong value
//!   and Java skips the check for them. The decoder here is told no message
//!   format, so it accepts the correct checksum or exactly that wrong one and
//!   rejects any other. [`compress`] writes independent 64 KiB blocks without
//!   content checksum, like the Java client.
//! * **zstd** (id 4): standard zstd frames (RFC 8878), level 3 when writing.
//!
//! # Streaming and memory
//!
//! [`decompressor`] returns a reader that decodes on demand, so a consumer can
//! walk a large batch without materialising it. What one reader holds at most:
//!
//! | codec  | memory held while reading                                         |
//! |--------|-------------------------------------------------------------------|
//! | none   | nothing, the input is read in place                               |
//! | gzip   | the 32 KiB deflate window plus decoder state                      |
//! | snappy | one decoded xerial block: at most 16 MiB, 32 KiB from Java        |
//! | snappy, raw unframed | all of the output, at most 64 MiB (it is one block) |
//! | lz4    | one block, at most 4 MiB (twice that plus 64 KiB if blocks are linked) |
//! | zstd   | the window the frame declares, refused above 2^27 bytes (128 MiB)  |
//!
//! Every length taken from the input is checked against the input that is
//! actually left, or against the limits above, before anything is allocated
//! from it.
//!
//! # Limitations
//!
//! * The xerial format has no end marker and no total length, so input cut
//!   exactly at a block boundary decodes as a shorter valid stream. The same
//!   holds for gzip and zstd input cut between two complete members or frames.
//!   Kafka's own CRCs (CRC-32C over a v2 batch, CRC-32 over a legacy message)
//!   are what catch that.
//! * LZ4 legacy-format frames, skippable frames and frames that need a
//!   dictionary are refused: no Kafka client writes them.
//!
//! # References
//!
//! * RFC 1952, "GZIP file format specification version 4.3".
//! * snappy-java (xerial) `SnappyOutputStream` / `SnappyCodec`.
//! * LZ4 Frame Format Description, <https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md>.
//! * RFC 8878, "Zstandard Compression and the 'application/zstd' Media Type".
//! * Kafka protocol guide, "Messages" and "Record Batch" sections,
//!   <https://kafka.apache.org/documentation/#messages> and
//!   <https://kafka.apache.org/documentation/#recordbatch>.
//! * KAFKA-3160, "Kafka LZ4 framing code miscalculates header checksum",
//!   <https://issues.apache.org/jira/browse/KAFKA-3160>.

use std::fmt;
use std::io::{self, Cursor, Read, Write};
use std::ops::Range;

/// Compression codec of a record batch or legacy message set, as coded in the low 3 bits of the attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    /// Uncompressed.
    None = 0,
    /// gzip (RFC 1952).
    Gzip = 1,
    /// Snappy, in xerial snappy-java framing (raw blocks accepted on decode).
    Snappy = 2,
    /// LZ4 frame format.
    Lz4 = 3,
    /// Zstandard; needs magic 2 record batches (Kafka 2.1+).
    Zstd = 4,
}

impl Compression {
    /// Bits of the attributes field that hold the codec id; the higher bits
    /// mean other things (timestamp type, transactional, control).
    const ATTRIBUTE_MASK: i16 = 0x07;

    /// Extracts the codec from a batch's or message's `attributes`, ignoring
    /// every bit except the low three.
    ///
    /// # Errors
    ///
    /// [`CompressionError::UnknownCodec`] for the unassigned ids 5, 6 and 7.
    pub fn from_attributes(attributes: i16) -> Result<Compression, CompressionError> {
        match attributes & Self::ATTRIBUTE_MASK {
            0 => Ok(Compression::None),
            1 => Ok(Compression::Gzip),
            2 => Ok(Compression::Snappy),
            3 => Ok(Compression::Lz4),
            4 => Ok(Compression::Zstd),
            other => Err(CompressionError::UnknownCodec(other)),
        }
    }

    /// The codec id as stored in the attributes (0 to 4).
    #[must_use]
    pub fn id(self) -> i16 {
        self as i16
    }

    /// The name Kafka uses for the codec in `compression.type`:
    /// `"none"`, `"gzip"`, `"snappy"`, `"lz4"` or `"zstd"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why compressing or decompressing failed.
///
/// Readers returned by [`decompressor`] report failures as [`io::Error`]s of
/// kind [`io::ErrorKind::InvalidData`] that wrap one of these; converting such
/// an `io::Error` back with `From` (or `?`) unwraps it again rather than
/// burying it in [`CompressionError::Io`].
#[derive(Debug, thiserror::Error)]
pub enum CompressionError {
    /// The attributes name a codec id that Kafka has not assigned.
    #[error("unknown compression codec id {0} in attributes (known ids are 0 to 4)")]
    UnknownCodec(i16),
    /// The compressed input is malformed, truncated, or uses a feature of the
    /// format that Kafka never produces.
    #[error("invalid {codec} data: {reason}")]
    Corrupt {
        /// Name of the codec, as [`Compression::name`].
        codec: &'static str,
        /// What is wrong, for humans.
        reason: String,
    },
    /// The input declares more decompressed data than this module is willing
    /// to allocate at once.
    #[error("{codec} data exceeds the decompression limit of {limit} bytes")]
    TooLarge {
        /// Name of the codec, as [`Compression::name`].
        codec: &'static str,
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },
    /// An I/O error that carried no [`CompressionError`] inside, such as a
    /// codec library failing to set itself up.
    #[error(transparent)]
    Io(io::Error),
}

impl CompressionError {
    fn corrupt(codec: Compression, reason: impl Into<String>) -> Self {
        CompressionError::Corrupt {
            codec: codec.name(),
            reason: reason.into(),
        }
    }
}

impl From<io::Error> for CompressionError {
    fn from(err: io::Error) -> Self {
        // Errors raised inside our readers already carry the precise
        // CompressionError; wrapping it again in `Io` would hide it.
        let wraps_ours = err
            .get_ref()
            .is_some_and(|inner| inner.is::<CompressionError>());
        if !wraps_ours {
            return CompressionError::Io(err);
        }
        let kind = err.kind();
        match err
            .into_inner()
            .map(|inner| inner.downcast::<CompressionError>())
        {
            Some(Ok(ours)) => *ours,
            Some(Err(other)) => CompressionError::Io(io::Error::new(kind, other)),
            None => CompressionError::Io(kind.into()),
        }
    }
}

impl From<CompressionError> for io::Error {
    fn from(err: CompressionError) -> Self {
        match err {
            CompressionError::Io(inner) => inner,
            other => io::Error::new(io::ErrorKind::InvalidData, other),
        }
    }
}

/// The 16-byte xerial header: magic, version 1, minimum compatible version 1.
const XERIAL_HEADER: [u8; 16] = [
    0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0x00, 0, 0, 0, 1, 0, 0, 0, 1,
];
/// The magic part of [`XERIAL_HEADER`].
const XERIAL_MAGIC: &[u8] = b"\x82SNAPPY\x00";
/// Uncompressed bytes per xerial block; snappy-java's default, so our output
/// looks like the Java client's.
const XERIAL_WRITE_BLOCK: usize = 32 * 1024;
/// Largest decoded xerial block accepted. Real writers stay at 32 KiB; the
/// slack tolerates non-default writers without letting a crafted length make
/// us allocate gigabytes.
const XERIAL_MAX_BLOCK: usize = 16 * 1024 * 1024;
/// Largest decoded raw (unframed) snappy payload accepted. Such a payload is a
/// whole batch in one block, so this bounds the batch, not a block.
const SNAPPY_RAW_MAX: usize = 64 * 1024 * 1024;

/// Upper bound on decompressed/compressed size of any snappy block; see
/// `raw_snappy_len`.
const SNAPPY_MAX_EXPANSION: usize = 22;

/// zstd level for writing; zstd's own default and what Kafka clients use.
const ZSTD_LEVEL: i32 = 3;
/// log2 of the largest zstd window the decoder will allocate. 27 is libzstd's
/// default limit and covers every standard level up to 22.
const ZSTD_WINDOW_LOG_MAX: u32 = 27;

/// LZ4 frame magic number (little-endian on the wire).
const LZ4_MAGIC: u32 = 0x184D_2204;
/// Magic of the LZ4 legacy format, which Kafka never used.
const LZ4_LEGACY_MAGIC: u32 = 0x184C_2102;
/// Skippable frames use magics 0x184D2A50 to 0x184D2A5F.
const LZ4_SKIPPABLE_MAGIC: u32 = 0x184D_2A50;
const LZ4_FLG_VERSION_MASK: u8 = 0xC0;
const LZ4_FLG_VERSION_01: u8 = 0x40;
const LZ4_FLG_BLOCK_CHECKSUM: u8 = 0x10;
const LZ4_FLG_CONTENT_SIZE: u8 = 0x08;
const LZ4_FLG_CONTENT_CHECKSUM: u8 = 0x04;
const LZ4_FLG_RESERVED: u8 = 0x02;
const LZ4_FLG_DICT_ID: u8 = 0x01;
const LZ4_BD_RESERVED: u8 = 0x8F;
/// A block length word with this bit set announces a stored (uncompressed) block.
const LZ4_BLOCK_UNCOMPRESSED: u32 = 0x8000_0000;

/// Compress `input` as one unit in Kafka's framing for `codec`, appending to `out`.
///
/// Bytes already in `out` are left alone, so a caller can build a batch
/// header first and compress the records straight after it.
///
/// # Errors
///
/// Only if a codec library fails internally, which for in-memory output
/// means allocation trouble or a library bug; `out` then holds partial
/// output after its original contents.
pub fn compress(
    codec: Compression,
    input: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), CompressionError> {
    match codec {
        Compression::None => {
            out.extend_from_slice(input);
            Ok(())
        }
        Compression::Gzip => compress_gzip(input, out),
        Compression::Snappy => compress_snappy(input, out),
        Compression::Lz4 => compress_lz4(input, out),
        Compression::Zstd => compress_zstd(input, out),
    }
}

fn compress_gzip(input: &[u8], out: &mut Vec<u8>) -> Result<(), CompressionError> {
    let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    encoder.write_all(input)?;
    encoder.finish()?;
    Ok(())
}

fn compress_snappy(input: &[u8], out: &mut Vec<u8>) -> Result<(), CompressionError> {
    out.reserve(
        XERIAL_HEADER.len()
            + input.len().div_ceil(XERIAL_WRITE_BLOCK) * 4
            + snap::raw::max_compress_len(input.len().min(XERIAL_WRITE_BLOCK)),
    );
    out.extend_from_slice(&XERIAL_HEADER);
    let mut encoder = snap::raw::Encoder::new();
    for chunk in input.chunks(XERIAL_WRITE_BLOCK) {
        let length_at = out.len();
        let data_at = length_at + 4;
        // Compressing in place into `out` saves copying every block out of a
        // scratch buffer; the length prefix is filled in once it is known.
        out.resize(data_at + snap::raw::max_compress_len(chunk.len()), 0);
        let written = encoder
            .compress(chunk, &mut out[data_at..])
            .map_err(io::Error::from)?;
        // A 32 KiB block compresses to well under 2 GiB, so this cannot fail;
        // checking keeps a wrong frame from ever being written.
        let length = u32::try_from(written)
            .map_err(|_| io::Error::other("snappy block too large for xerial framing"))?;
        out[length_at..data_at].copy_from_slice(&length.to_be_bytes());
        out.truncate(data_at + written);
    }
    Ok(())
}

fn compress_lz4(input: &[u8], out: &mut Vec<u8>) -> Result<(), CompressionError> {
    let frame = lz4_flex::frame::FrameInfo::new()
        .block_size(lz4_flex::frame::BlockSize::Max64KB)
        .block_mode(lz4_flex::frame::BlockMode::Independent);
    let mut encoder = lz4_flex::frame::FrameEncoder::with_frame_info(frame, out);
    encoder.write_all(input)?;
    encoder.finish().map_err(io::Error::from)?;
    Ok(())
}

fn compress_zstd(input: &[u8], out: &mut Vec<u8>) -> Result<(), CompressionError> {
    let mut encoder = zstd::stream::write::Encoder::new(out, ZSTD_LEVEL)?;
    // Announcing the size puts it in the frame header, which lets decoders
    // size their output exactly (librdkafka does) and lets zstd pick a window
    // no larger than the input.
    encoder.set_pledged_src_size(Some(input.len() as u64))?;
    encoder.write_all(input)?;
    encoder.finish()?;
    Ok(())
}

/// Compressed bytes handed to [`decompressor`]: borrowed, or owned so that
/// the returned reader can outlive the caller's buffer (for instance when it
/// is kept in a struct between calls).
///
/// Not built directly: [`decompressor`] accepts anything with a `From`
/// conversion here, namely `&[u8]`, `&Vec<u8>`, `&[u8; N]`, `Vec<u8>`, and
/// `Cursor<Vec<u8>>` or `Cursor<&[u8]>`, whose bytes from the cursor's current
/// position on are the input.
#[derive(Debug)]
pub struct CompressedInput<'a>(InputBytes<'a>);

#[derive(Debug)]
enum InputBytes<'a> {
    Borrowed(&'a [u8]),
    /// `buf[start..]` is the input; keeping the offset spares a copy when a
    /// caller hands over a buffer that still holds a header.
    Owned {
        buf: Vec<u8>,
        start: usize,
    },
}

impl AsRef<[u8]> for CompressedInput<'_> {
    fn as_ref(&self) -> &[u8] {
        match &self.0 {
            InputBytes::Borrowed(bytes) => bytes,
            InputBytes::Owned { buf, start } => buf.get(*start..).unwrap_or_default(),
        }
    }
}

impl<'a> From<&'a [u8]> for CompressedInput<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        CompressedInput(InputBytes::Borrowed(bytes))
    }
}

impl<'a> From<&'a Vec<u8>> for CompressedInput<'a> {
    fn from(bytes: &'a Vec<u8>) -> Self {
        CompressedInput(InputBytes::Borrowed(bytes))
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for CompressedInput<'a> {
    fn from(bytes: &'a [u8; N]) -> Self {
        CompressedInput(InputBytes::Borrowed(bytes))
    }
}

impl From<Vec<u8>> for CompressedInput<'_> {
    fn from(buf: Vec<u8>) -> Self {
        CompressedInput(InputBytes::Owned { buf, start: 0 })
    }
}

impl From<Cursor<Vec<u8>>> for CompressedInput<'_> {
    fn from(cursor: Cursor<Vec<u8>>) -> Self {
        // A position past the end leaves no input, as reading the cursor would.
        let start = usize::try_from(cursor.position()).unwrap_or(usize::MAX);
        CompressedInput(InputBytes::Owned {
            buf: cursor.into_inner(),
            start,
        })
    }
}

impl<'a> From<Cursor<&'a [u8]>> for CompressedInput<'a> {
    fn from(cursor: Cursor<&'a [u8]>) -> Self {
        let start = usize::try_from(cursor.position()).unwrap_or(usize::MAX);
        CompressedInput(InputBytes::Borrowed(
            cursor.into_inner().get(start..).unwrap_or_default(),
        ))
    }
}

/// A streaming decompressor over an in-memory compressed buffer: returns a reader that yields
/// the decompressed bytes incrementally (never decompresses everything at once, so memory
/// stays bounded by the codec's block/window size, except where noted).
///
/// The exception is raw unframed snappy, which is a single block and so is
/// decoded whole on the first read (up to 64 MiB); see the module
/// documentation for the bound of each codec.
///
/// `input` is usually a `&[u8]`; passing an owned `Vec<u8>` or
/// `Cursor<Vec<u8>>` instead gives a reader that owns its input (see
/// [`CompressedInput`]). The reader is `Send` either way.
///
/// # Errors
///
/// Problems visible without decoding (empty input, a bad header, for LZ4 a
/// malformed or truncated frame structure) are returned here. Problems found
/// while decoding come out of the reader's `read` as [`io::Error`]s of kind
/// [`io::ErrorKind::InvalidData`] wrapping a [`CompressionError`].
pub fn decompressor<'a>(
    codec: Compression,
    input: impl Into<CompressedInput<'a>>,
) -> Result<Box<dyn Read + Send + 'a>, CompressionError> {
    let input = input.into();
    if codec != Compression::None && input.as_ref().is_empty() {
        // Every codec's framing has at least a header, so an empty payload is
        // a truncation, not an empty batch.
        return Err(CompressionError::corrupt(codec, "input is empty"));
    }
    Ok(match codec {
        Compression::None => Box::new(Cursor::new(input)),
        Compression::Gzip => Box::new(Checked {
            // The bufread flavour reads the input in place instead of copying
            // it through an internal BufReader.
            inner: flate2::bufread::MultiGzDecoder::new(Cursor::new(input)),
            codec,
        }),
        Compression::Snappy => Box::new(SnappyReader::new(input)?),
        Compression::Lz4 => {
            let patches = lz4_scan(input.as_ref())?;
            Box::new(Checked {
                inner: Lz4Frames {
                    decoder: lz4_flex::frame::FrameDecoder::new(PatchedSlice {
                        data: input,
                        pos: 0,
                        patches,
                        next_patch: 0,
                    }),
                },
                codec,
            })
        }
        Compression::Zstd => {
            let mut decoder = zstd::stream::read::Decoder::with_buffer(Cursor::new(input))?;
            decoder.window_log_max(ZSTD_WINDOW_LOG_MAX)?;
            Box::new(Checked {
                inner: decoder,
                codec,
            })
        }
    })
}

/// Normalises a codec library's read errors into `InvalidData` errors that
/// wrap a [`CompressionError`], so callers see one error shape for every codec.
struct Checked<R> {
    inner: R,
    codec: Compression,
}

impl<R> Checked<R> {
    fn convert(&self, err: io::Error) -> io::Error {
        if err
            .get_ref()
            .is_some_and(|inner| inner.is::<CompressionError>())
        {
            return err;
        }
        let reason = if err.kind() == io::ErrorKind::UnexpectedEof {
            format!("input is truncated ({err})")
        } else {
            err.to_string()
        };
        CompressionError::corrupt(self.codec, reason).into()
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|err| self.convert(err))
    }

    // Forwarded because some decoders (`lz4_flex`) have a faster read_to_end
    // than the generic one built on `read`.
    fn read_to_end(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        self.inner.read_to_end(buf).map_err(|err| self.convert(err))
    }
}

/// Decodes snappy input, xerial-framed or raw, one block per refill.
struct SnappyReader<'a> {
    data: CompressedInput<'a>,
    /// Offset in `data` of the first byte not consumed yet (past the xerial
    /// header, if any).
    pos: usize,
    /// Whether `data` holds xerial blocks rather than one raw block.
    xerial: bool,
    decoder: snap::raw::Decoder,
    /// Decoded bytes of the current block live in `buf[start..end]`; `buf`
    /// keeps its size between blocks so it is zero-filled only when it grows.
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl<'a> SnappyReader<'a> {
    fn new(data: CompressedInput<'a>) -> Result<Self, CompressionError> {
        let bytes = data.as_ref();
        let (pos, xerial) = if bytes.starts_with(XERIAL_MAGIC) {
            // The version fields are not checked: both have always been 1,
            // the block format never changed, and librdkafka ignores them too,
            // so rejecting other values would only refuse readable data.
            if bytes.len() < XERIAL_HEADER.len() {
                return Err(CompressionError::corrupt(
                    Compression::Snappy,
                    "xerial header is truncated",
                ));
            }
            (XERIAL_HEADER.len(), true)
        } else {
            // Check the declared size now so an oversized or garbled raw block
            // fails at construction, like a bad header would.
            raw_snappy_len(bytes, SNAPPY_RAW_MAX)?;
            (0, false)
        };
        Ok(SnappyReader {
            data,
            pos,
            xerial,
            decoder: snap::raw::Decoder::new(),
            buf: Vec::new(),
            start: 0,
            end: 0,
        })
    }

    /// Where the next compressed block lies in `data` and its decoded length,
    /// or `None` at the end.
    fn next_block(&mut self) -> Result<Option<(Range<usize>, usize)>, CompressionError> {
        let bytes = self.data.as_ref();
        if !self.xerial {
            if self.pos >= bytes.len() {
                return Ok(None);
            }
            let block = self.pos..bytes.len();
            self.pos = bytes.len();
            let len = raw_snappy_len(bytes.get(block.clone()).unwrap_or_default(), SNAPPY_RAW_MAX)?;
            return Ok(Some((block, len)));
        }
        let Some(block) = next_xerial_block(bytes, &mut self.pos)? else {
            return Ok(None);
        };
        let len = raw_snappy_len(
            bytes.get(block.clone()).unwrap_or_default(),
            XERIAL_MAX_BLOCK,
        )?;
        Ok(Some((block, len)))
    }
}

impl Read for SnappyReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(pending) = self.buf.get(self.start..self.end).filter(|p| !p.is_empty()) {
                let n = pending.len().min(out.len());
                out[..n].copy_from_slice(&pending[..n]);
                self.start += n;
                return Ok(n);
            }
            let Some((range, len)) = self.next_block()? else {
                return Ok(0);
            };
            let block = self.data.as_ref().get(range).unwrap_or_default();
            // When the caller's buffer can take the whole block (typical for
            // read_to_end), decoding straight into it skips a copy.
            if let Some(dst) = out.get_mut(..len) {
                let n = self
                    .decoder
                    .decompress(block, dst)
                    .map_err(snappy_corrupt)?;
                if n > 0 {
                    return Ok(n);
                }
                // An empty block: returning 0 would signal end of stream.
                continue;
            }
            if self.buf.len() < len {
                self.buf.resize(len, 0);
            }
            let n = self
                .decoder
                .decompress(block, &mut self.buf[..len])
                .map_err(snappy_corrupt)?;
            self.start = 0;
            self.end = n;
        }
    }
}

fn snappy_corrupt(err: snap::Error) -> io::Error {
    CompressionError::corrupt(Compression::Snappy, err.to_string()).into()
}

/// Reads the decoded length a raw snappy block declares, refusing it above `limit`.
fn raw_snappy_len(block: &[u8], limit: usize) -> Result<usize, CompressionError> {
    let len = snap::raw::decompress_len(block)
        .map_err(|err| CompressionError::corrupt(Compression::Snappy, err.to_string()))?;
    if len > limit {
        return Err(CompressionError::TooLarge {
            codec: Compression::Snappy.name(),
            limit,
        });
    }
    // No snappy element expands by more than 64/3 (a 3-byte copy of 64
    // bytes), so a larger claim is a lie; refusing it here keeps a few bytes
    // of garbage from making us zero-fill megabytes first.
    if len > block.len().saturating_mul(SNAPPY_MAX_EXPANSION) {
        return Err(CompressionError::corrupt(
            Compression::Snappy,
            format!(
                "block of {} bytes claims {len} decompressed bytes, more than snappy can encode",
                block.len()
            ),
        ));
    }
    Ok(len)
}

/// Finds the next block of a xerial stream, starting at `*pos` (past the
/// stream header), and moves `*pos` past it; `None` once the input is used up.
fn next_xerial_block(
    bytes: &[u8],
    pos: &mut usize,
) -> Result<Option<Range<usize>>, CompressionError> {
    let corrupt = |reason: String| CompressionError::corrupt(Compression::Snappy, reason);
    loop {
        let rest = bytes.get(*pos..).unwrap_or_default();
        let Some((length, after_length)) = rest.split_first_chunk::<4>() else {
            if rest.is_empty() {
                return Ok(None);
            }
            return Err(corrupt(format!(
                "{} trailing bytes are too few for a block length",
                rest.len()
            )));
        };
        // snappy-java appends streams by writing a new header; its first four
        // bytes read as a negative length, so they cannot be a real block.
        if length[..] == XERIAL_MAGIC[..4] {
            if rest.len() < XERIAL_HEADER.len() || !rest.starts_with(XERIAL_MAGIC) {
                return Err(corrupt(
                    "truncated or invalid xerial header inside the stream".into(),
                ));
            }
            *pos += XERIAL_HEADER.len();
            continue;
        }
        let length = i32::from_be_bytes(*length);
        let length = usize::try_from(length)
            .map_err(|_| corrupt(format!("negative xerial block length {length}")))?;
        if length > after_length.len() {
            return Err(corrupt(format!(
                "xerial block length {length} exceeds the {} bytes left",
                after_length.len()
            )));
        }
        let start = *pos + 4;
        *pos = start + length;
        return Ok(Some(start..*pos));
    }
}

/// Walks the structure of every LZ4 frame in `input` without decoding, and
/// returns the header checksum bytes to rewrite for KAFKA-3160 frames as
/// (offset, correct value) pairs in ascending offset order.
///
/// `lz4_flex` treats input ending at a block boundary as a clean end of frame
/// and cannot be told to accept the KAFKA-3160 checksum; walking the frames
/// first closes both gaps at the cost of touching four bytes per block.
fn lz4_scan(input: &[u8]) -> Result<Vec<(usize, u8)>, CompressionError> {
    let mut patches = Vec::new();
    let mut pos = 0;
    while pos < input.len() {
        pos = lz4_scan_frame(input, pos, &mut patches)?;
    }
    Ok(patches)
}

/// Checks one frame starting at `start` and returns the offset just past it.
fn lz4_scan_frame(
    input: &[u8],
    start: usize,
    patches: &mut Vec<(usize, u8)>,
) -> Result<usize, CompressionError> {
    let corrupt = |reason: String| CompressionError::corrupt(Compression::Lz4, reason);
    let frame = input.get(start..).unwrap_or_default();
    let magic = read_u32_le(frame, 0).ok_or_else(|| corrupt("frame magic is truncated".into()))?;
    match magic {
        LZ4_MAGIC => {}
        LZ4_LEGACY_MAGIC => return Err(corrupt("unsupported legacy LZ4 format".into())),
        m if m & !0x0F == LZ4_SKIPPABLE_MAGIC => {
            return Err(corrupt("unsupported skippable LZ4 frame".into()))
        }
        m => return Err(corrupt(format!("bad frame magic {m:#010x}"))),
    }
    let Some(&[flg, bd]) = frame.get(4..6) else {
        return Err(corrupt("frame descriptor is truncated".into()));
    };
    if flg & LZ4_FLG_VERSION_MASK != LZ4_FLG_VERSION_01 {
        return Err(corrupt(format!(
            "unsupported frame version in FLG byte {flg:#04x}"
        )));
    }
    if flg & LZ4_FLG_RESERVED != 0 || bd & LZ4_BD_RESERVED != 0 {
        return Err(corrupt("reserved bits set in frame descriptor".into()));
    }
    if flg & LZ4_FLG_DICT_ID != 0 {
        return Err(corrupt("unsupported frame with dictionary id".into()));
    }
    let max_block: usize = match (bd >> 4) & 0x07 {
        4 => 64 << 10,
        5 => 256 << 10,
        6 => 1 << 20,
        7 => 4 << 20,
        code => return Err(corrupt(format!("invalid block maximum size code {code}"))),
    };

    let checksum_at = if flg & LZ4_FLG_CONTENT_SIZE != 0 {
        14
    } else {
        6
    };
    let (Some(&stored), Some(descriptor), Some(with_magic)) = (
        frame.get(checksum_at),
        frame.get(4..checksum_at),
        frame.get(..checksum_at),
    ) else {
        return Err(corrupt("frame descriptor is truncated".into()));
    };
    let correct = lz4_header_checksum(descriptor);
    if stored != correct {
        // KAFKA-3160: Kafka's old writer hashed the magic number too. Java
        // skips the check entirely for magic 0 messages; accepting exactly
        // the known-wrong value keeps real corruption detectable.
        if stored != lz4_header_checksum(with_magic) {
            return Err(corrupt(format!(
                "frame header checksum {stored:#04x} does not match {correct:#04x}"
            )));
        }
        patches.push((start + checksum_at, correct));
    }

    let block_trailer = if flg & LZ4_FLG_BLOCK_CHECKSUM != 0 {
        4
    } else {
        0
    };
    let mut pos = checksum_at + 1;
    loop {
        let word = read_u32_le(frame, pos)
            .ok_or_else(|| corrupt("input is truncated: frame ends without an end mark".into()))?;
        pos += 4;
        if word == 0 {
            break;
        }
        let size = (word & !LZ4_BLOCK_UNCOMPRESSED) as usize;
        if size > max_block {
            return Err(corrupt(format!(
                "block of {size} bytes exceeds the frame's {max_block}-byte maximum"
            )));
        }
        let left = frame.len() - pos;
        if size + block_trailer > left {
            return Err(corrupt(format!(
                "input is truncated: block of {size} bytes with {left} bytes left"
            )));
        }
        pos += size + block_trailer;
    }
    if flg & LZ4_FLG_CONTENT_CHECKSUM != 0 {
        if frame.len() - pos < 4 {
            return Err(corrupt(
                "input is truncated: content checksum is missing".into(),
            ));
        }
        pos += 4;
    }
    Ok(start + pos)
}

fn read_u32_le(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..)?.first_chunk::<4>()?;
    Some(u32::from_le_bytes(*bytes))
}

/// The LZ4 frame header checksum: the second byte of XXH32 (seed 0).
fn lz4_header_checksum(bytes: &[u8]) -> u8 {
    (xxh32(bytes, 0) >> 8) as u8
}

/// XXH32, needed for LZ4 header checksums. `lz4_flex` hashes internally but
/// does not export it, and a frame header is at most a few bytes, so this
/// plain version is all the speed needed.
fn xxh32(data: &[u8], seed: u32) -> u32 {
    const P1: u32 = 0x9E37_79B1;
    const P2: u32 = 0x85EB_CA77;
    const P3: u32 = 0xC2B2_AE3D;
    const P4: u32 = 0x27D4_EB2F;
    const P5: u32 = 0x1656_67B1;
    fn round(acc: u32, lane: &[u8]) -> u32 {
        let lane = u32::from_le_bytes([lane[0], lane[1], lane[2], lane[3]]);
        acc.wrapping_add(lane.wrapping_mul(P2))
            .rotate_left(13)
            .wrapping_mul(P1)
    }

    let mut stripes = data.chunks_exact(16);
    let mut hash = if data.len() >= 16 {
        let mut acc = [
            seed.wrapping_add(P1).wrapping_add(P2),
            seed.wrapping_add(P2),
            seed,
            seed.wrapping_sub(P1),
        ];
        for stripe in &mut stripes {
            for (acc, lane) in acc.iter_mut().zip(stripe.chunks_exact(4)) {
                *acc = round(*acc, lane);
            }
        }
        acc[0]
            .rotate_left(1)
            .wrapping_add(acc[1].rotate_left(7))
            .wrapping_add(acc[2].rotate_left(12))
            .wrapping_add(acc[3].rotate_left(18))
    } else {
        seed.wrapping_add(P5)
    };
    // XXH32 mixes in the length modulo 2^32 by definition.
    hash = hash.wrapping_add(data.len() as u32);

    let tail = stripes.remainder();
    let mut words = tail.chunks_exact(4);
    for word in &mut words {
        let word = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
        hash = hash
            .wrapping_add(word.wrapping_mul(P3))
            .rotate_left(17)
            .wrapping_mul(P4);
    }
    for &byte in words.remainder() {
        hash = hash
            .wrapping_add(u32::from(byte).wrapping_mul(P5))
            .rotate_left(11)
            .wrapping_mul(P1);
    }

    hash ^= hash >> 15;
    hash = hash.wrapping_mul(P2);
    hash ^= hash >> 13;
    hash = hash.wrapping_mul(P3);
    hash ^ (hash >> 16)
}

/// Decodes every LZ4 frame of the input.
///
/// `lz4_flex` reports end of stream at the end of each frame and only moves on
/// to the next frame on the following call, so a single `read_to_end` would
/// silently drop every frame after the first.
struct Lz4Frames<'a> {
    decoder: lz4_flex::frame::FrameDecoder<PatchedSlice<'a>>,
}

impl Lz4Frames<'_> {
    fn input_left(&self) -> bool {
        let slice = self.decoder.get_ref();
        slice.pos < slice.data.as_ref().len()
    }
}

impl Read for Lz4Frames<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.decoder.read(buf)?;
            // Each pass through an empty frame consumes input, so this ends.
            if n > 0 || buf.is_empty() || !self.input_left() {
                return Ok(n);
            }
        }
    }

    fn read_to_end(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        let mut total = 0;
        loop {
            total += self.decoder.read_to_end(buf)?;
            if !self.input_left() {
                return Ok(total);
            }
        }
    }
}

/// A reader over a slice that substitutes a few bytes on the way out; used to
/// hand `lz4_flex` frame headers whose KAFKA-3160 checksum has been corrected,
/// without copying the input.
struct PatchedSlice<'a> {
    data: CompressedInput<'a>,
    pos: usize,
    /// (offset, byte) pairs in ascending offset order.
    patches: Vec<(usize, u8)>,
    /// Index of the first patch not yet at or behind `pos`.
    next_patch: usize,
}

impl Read for PatchedSlice<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = self.data.as_ref().get(self.pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        let end = self.pos + n;
        while let Some(&(at, byte)) = self.patches.get(self.next_patch) {
            if at >= end {
                break;
            }
            if let Some(slot) = at.checked_sub(self.pos).and_then(|i| buf.get_mut(i)) {
                *slot = byte;
            }
            self.next_patch += 1;
        }
        self.pos = end;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Compression; 5] = [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];
    const COMPRESSED: [Compression; 4] = [
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];

    fn compressed(codec: Compression, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        compress(codec, data, &mut out).expect("compress");
        out
    }

    fn decompress_all(codec: Compression, input: &[u8]) -> Result<Vec<u8>, CompressionError> {
        let mut out = Vec::new();
        decompressor(codec, input)?.read_to_end(&mut out)?;
        Ok(out)
    }

    fn assert_round_trip(codec: Compression, data: &[u8]) {
        let packed = compressed(codec, data);
        let unpacked = decompress_all(codec, &packed).expect("decompress");
        assert!(
            unpacked == data,
            "{codec}: round trip of {} bytes differs",
            data.len()
        );
    }

    /// Deterministic data mixing incompressible noise, text and zero runs, so
    /// every codec exercises both literals and matches.
    fn mixed_data(len: usize) -> Vec<u8> {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut data = Vec::with_capacity(len);
        while data.len() < len {
            let run = (next() % 4096) as usize + 1;
            match next() % 3 {
                0 => data.extend((0..run).map(|_| next() as u8)),
                1 => data.extend(b"kafka record value, ".iter().cycle().take(run)),
                _ => data.resize(data.len() + run, 0),
            }
        }
        data.truncate(len);
        data
    }

    /// Short inputs byte by byte, so failures shrink to a minimal case, and
    /// long ones (past the 32 KiB xerial and 64 KiB LZ4 block sizes) from a
    /// seeded generator, because drawing 70 000 values one at a time through
    /// proptest costs more than all the compression.
    fn random_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..1024),
            (any::<u64>(), 0..70_000usize).prop_map(|(seed, len)| {
                let mut state = seed | 1;
                let mut bytes = Vec::with_capacity(len + 8);
                while bytes.len() < len {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    bytes.extend_from_slice(&state.to_le_bytes());
                }
                bytes.truncate(len);
                bytes
            }),
        ]
    }

    /// Each compressing codec's output for the same 40 KB, built once for
    /// the tests that mutate it case after case.
    fn packed_samples() -> &'static [(Compression, Vec<u8>)] {
        static SAMPLES: std::sync::OnceLock<Vec<(Compression, Vec<u8>)>> =
            std::sync::OnceLock::new();
        SAMPLES.get_or_init(|| {
            let data = mixed_data(40_000);
            COMPRESSED
                .iter()
                .map(|&codec| (codec, compressed(codec, &data)))
                .collect()
        })
    }

    /// Decodes with a bounded output so that a bug cannot exhaust memory;
    /// returns whether an error surfaced.
    fn decode_fails(codec: Compression, input: &[u8]) -> bool {
        match decompressor(codec, input) {
            Err(_) => true,
            Ok(reader) => {
                let mut sink = Vec::new();
                reader.take(256 << 20).read_to_end(&mut sink).is_err()
            }
        }
    }

    #[test]
    fn attributes_select_codec() {
        for codec in ALL {
            assert_eq!(Compression::from_attributes(codec.id()).unwrap(), codec);
            // Timestamp type, transactional and control bits must not matter.
            let attributes = codec.id() | 0b11_1000;
            assert_eq!(Compression::from_attributes(attributes).unwrap(), codec);
        }
        for id in 5..=7 {
            assert!(matches!(
                Compression::from_attributes(id | 0x10),
                Err(CompressionError::UnknownCodec(n)) if n == id
            ));
        }
        let names: Vec<_> = ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["none", "gzip", "snappy", "lz4", "zstd"]);
        assert_eq!(Compression::Lz4.to_string(), "lz4");
    }

    #[test]
    fn round_trip_empty_small_and_large() {
        let large = mixed_data(1 << 20);
        for codec in ALL {
            assert_round_trip(codec, b"");
            assert_round_trip(codec, b"kafka");
            assert_round_trip(codec, &large);
        }
    }

    #[test]
    fn compress_appends_after_existing_bytes() {
        for codec in ALL {
            let mut out = b"header".to_vec();
            compress(codec, b"payload payload payload", &mut out).unwrap();
            assert_eq!(&out[..6], b"header");
            assert_eq!(
                decompress_all(codec, &out[6..]).unwrap(),
                b"payload payload payload"
            );
        }
    }

    proptest! {
        // Fewer cases than the default: each one runs every codec over up to
        // 70 KB, which is slow in unoptimised test builds.
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn round_trip_random(data in random_bytes()) {
            for codec in ALL {
                let unpacked = decompress_all(codec, &compressed(codec, &data)).unwrap();
                prop_assert!(unpacked == data, "{} differs", codec);
            }
        }

    }

    proptest! {
        #[test]
        fn garbage_never_panics(data in proptest::collection::vec(any::<u8>(), 0..2_000)) {
            for codec in COMPRESSED {
                let _ = decode_fails(codec, &data);
            }
        }

        #[test]
        fn bit_flips_never_panic(at in any::<prop::sample::Index>(), bit in 0u8..8) {
            for &(codec, ref packed) in packed_samples() {
                let mut packed = packed.clone();
                let i = at.index(packed.len());
                packed[i] ^= 1 << bit;
                let _ = decode_fails(codec, &packed);
            }
        }
    }

    /// xerial framing of b"kafka", written out from the format description:
    /// header, block length 7, then the raw block (varint length 5, a literal
    /// tag for 5 bytes, the bytes).
    const XERIAL_KAFKA: [u8; 27] = [
        0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0x00, // magic
        0x00, 0x00, 0x00, 0x01, // version
        0x00, 0x00, 0x00, 0x01, // minimum compatible version
        0x00, 0x00, 0x00, 0x07, // block length
        0x05, // uncompressed length, varint
        0x10, // literal, (5 - 1) << 2
        b'k', b'a', b'f', b'k', b'a',
    ];

    #[test]
    fn xerial_golden_vector() {
        assert_eq!(
            decompress_all(Compression::Snappy, &XERIAL_KAFKA).unwrap(),
            b"kafka"
        );
        let ours = compressed(Compression::Snappy, b"kafka");
        assert_eq!(ours[..16], XERIAL_KAFKA[..16], "header bytes");
        assert_eq!(ours, XERIAL_KAFKA);
    }

    #[test]
    fn xerial_blocks_are_32_kib() {
        let data = mixed_data(100_000);
        let packed = compressed(Compression::Snappy, &data);
        let mut pos = 16;
        let mut sizes = Vec::new();
        while let Some(block) = next_xerial_block(&packed, &mut pos).unwrap() {
            sizes.push(snap::raw::decompress_len(&packed[block]).unwrap());
        }
        assert_eq!(sizes, [32768, 32768, 32768, 100_000 - 3 * 32768]);
    }

    #[test]
    fn xerial_concatenated_streams() {
        let mut stream = XERIAL_KAFKA.to_vec();
        stream.extend_from_slice(&XERIAL_KAFKA);
        assert_eq!(
            decompress_all(Compression::Snappy, &stream).unwrap(),
            b"kafkakafka"
        );
        // A header cut short inside the stream is an error, not an end.
        stream.truncate(XERIAL_KAFKA.len() + 10);
        assert!(decode_fails(Compression::Snappy, &stream));
    }

    #[test]
    fn raw_unframed_snappy() {
        assert_eq!(
            decompress_all(Compression::Snappy, &XERIAL_KAFKA[20..]).unwrap(),
            b"kafka"
        );
        let data = mixed_data(300_000);
        let raw = snap::raw::Encoder::new().compress_vec(&data).unwrap();
        assert!(decompress_all(Compression::Snappy, &raw).unwrap() == data);
        for cut in [1, 4, raw.len() / 2, raw.len() - 1] {
            assert!(
                decode_fails(Compression::Snappy, &raw[..cut]),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn snappy_sizes_are_capped() {
        // A raw block declaring 2^32 - 1 bytes (varint ff ff ff ff 0f).
        let huge = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];
        assert!(matches!(
            decompressor(Compression::Snappy, &huge).err(),
            Some(CompressionError::TooLarge {
                codec: "snappy",
                limit: SNAPPY_RAW_MAX
            })
        ));
        // A 20 MiB xerial block (varint 80 80 80 0a), over the per-block cap.
        let mut stream = XERIAL_HEADER.to_vec();
        stream.extend_from_slice(&[0, 0, 0, 5, 0x80, 0x80, 0x80, 0x0a, 0x00]);
        let err = decompress_all(Compression::Snappy, &stream).unwrap_err();
        assert!(matches!(
            err,
            CompressionError::TooLarge {
                limit: XERIAL_MAX_BLOCK,
                ..
            }
        ));

        // 64 KiB claimed by a 3-byte block: more than any snappy data can expand.
        let liar = [0x80, 0x80, 0x04];
        assert!(matches!(
            decompressor(Compression::Snappy, &liar).err(),
            Some(CompressionError::Corrupt {
                codec: "snappy",
                ..
            })
        ));
        // The most compressible input of all stays within that bound.
        let zeros = vec![0u8; 1 << 20];
        let raw = snap::raw::Encoder::new().compress_vec(&zeros).unwrap();
        assert!(decompress_all(Compression::Snappy, &raw).unwrap() == zeros);
        assert_round_trip(Compression::Snappy, &zeros);
    }

    #[test]
    fn xerial_block_length_beyond_input_is_rejected() {
        let mut stream = XERIAL_KAFKA.to_vec();
        stream[19] = 8; // one byte more than the block holds
        let err = decompress_all(Compression::Snappy, &stream).unwrap_err();
        assert!(
            err.to_string().contains("exceeds the 7 bytes left"),
            "{err}"
        );

        stream[16..20].copy_from_slice(&i32::MAX.to_be_bytes());
        assert!(decode_fails(Compression::Snappy, &stream));
        stream[16..20].copy_from_slice(&(-2i32).to_be_bytes());
        assert!(decode_fails(Compression::Snappy, &stream));
    }

    #[test]
    fn truncated_input_is_an_error() {
        let data = mixed_data(200_000);
        for codec in COMPRESSED {
            let packed = compressed(codec, &data);
            let mut cuts: Vec<usize> = (0..packed.len()).step_by(997).collect();
            cuts.extend((1..=20).map(|back| packed.len() - back));
            if codec == Compression::Snappy {
                // xerial has no end marker: a cut at a block boundary leaves
                // a valid stream, so only cuts inside blocks must fail.
                let boundaries = xerial_block_ends(&packed);
                cuts.retain(|cut| !boundaries.contains(cut));
            }
            for cut in cuts {
                assert!(
                    decode_fails(codec, &packed[..cut]),
                    "{codec}: cut at {cut} of {} decoded",
                    packed.len()
                );
            }
        }
    }

    fn xerial_block_ends(stream: &[u8]) -> Vec<usize> {
        let mut pos = 16;
        let mut ends = vec![16];
        while let Some(block) = next_xerial_block(stream, &mut pos).unwrap() {
            ends.push(block.end);
        }
        ends
    }

    #[test]
    fn garbage_and_trailing_bytes_are_errors() {
        let data = mixed_data(10_000);
        for codec in COMPRESSED {
            assert!(
                decode_fails(codec, b"this is not compressed data at all"),
                "{codec}"
            );
            // For snappy this relies on "junk" reading as an absurd block
            // length; xerial has no end marker to check instead.
            let mut packed = compressed(codec, &data);
            packed.extend_from_slice(b"junk");
            assert!(
                decode_fails(codec, &packed),
                "{codec}: trailing junk accepted"
            );
        }
    }

    #[test]
    fn reader_errors_wrap_compression_error() {
        let mut packed = compressed(Compression::Gzip, &mixed_data(10_000));
        let len = packed.len();
        packed.truncate(len - 3);
        let mut reader = decompressor(Compression::Gzip, &packed).unwrap();
        let err = reader.read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let inner = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<CompressionError>());
        assert!(
            matches!(inner, Some(CompressionError::Corrupt { codec: "gzip", .. })),
            "{err:?}"
        );
        // `?` into CompressionError unwraps rather than nesting.
        assert!(matches!(
            CompressionError::from(err),
            CompressionError::Corrupt { codec: "gzip", .. }
        ));
        let plain = CompressionError::from(io::Error::other("plain"));
        assert!(matches!(plain, CompressionError::Io(_)));
    }

    #[test]
    fn owned_and_cursor_inputs() {
        fn owned_reader(codec: Compression, batch: Vec<u8>) -> Box<dyn Read + Send + 'static> {
            let mut cursor = Cursor::new(batch);
            cursor.set_position(6); // skip a "header" the input still carries
            decompressor(codec, cursor).unwrap()
        }
        let data = mixed_data(100_000);
        for codec in ALL {
            let mut batch = b"header".to_vec();
            compress(codec, &data, &mut batch).unwrap();
            let packed = batch[6..].to_vec();

            let mut out = Vec::new();
            owned_reader(codec, batch.clone())
                .read_to_end(&mut out)
                .unwrap();
            assert!(out == data, "{codec}: Cursor<Vec<u8>>");
            let mut borrowed_cursor = Cursor::new(&batch[..]);
            borrowed_cursor.set_position(6);
            let inputs: [(&str, CompressedInput<'_>); 4] = [
                ("Vec<u8>", packed.clone().into()),
                ("&Vec<u8>", (&packed).into()),
                ("&[u8]", packed.as_slice().into()),
                ("Cursor<&[u8]>", borrowed_cursor.into()),
            ];
            for (form, input) in inputs {
                let mut out = Vec::new();
                decompressor(codec, input)
                    .unwrap()
                    .read_to_end(&mut out)
                    .unwrap();
                assert!(out == data, "{codec}: {form}");
            }
        }
        // A cursor positioned past its end is empty input.
        let mut cursor = Cursor::new(vec![1, 2, 3]);
        cursor.set_position(10);
        assert!(decompressor(Compression::Gzip, cursor).is_err());
    }

    #[test]
    fn gzip_concatenated_members() {
        let mut stream = compressed(Compression::Gzip, b"first ");
        compress(Compression::Gzip, b"second", &mut stream).unwrap();
        assert_eq!(
            decompress_all(Compression::Gzip, &stream).unwrap(),
            b"first second"
        );
    }

    #[test]
    fn xxh32_reference_values() {
        assert_eq!(xxh32(b"", 0), 0x02CC_5D05);
        assert_eq!(xxh32(b"a", 0), 0x550D_7456);
        assert_eq!(xxh32(b"abc", 0), 0x32D1_53FF);
        assert_eq!(
            xxh32(b"Nobody inspects the spammish repetition", 0),
            0xE229_3B2F
        );
        // Agree with the header checksums lz4_flex writes.
        for content_size in [None, Some(5)] {
            let info = lz4_flex::frame::FrameInfo::new().content_size(content_size);
            let mut enc = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
            enc.write_all(b"kafka").unwrap();
            let frame = enc.finish().unwrap();
            let at = if content_size.is_some() { 14 } else { 6 };
            assert_eq!(frame[at], lz4_header_checksum(&frame[4..at]));
        }
    }

    #[test]
    fn lz4_golden_vectors() {
        // The header the Java client writes: FLG 0x60 (version 1, independent
        // blocks), BD 0x40 (64 KiB blocks), checksum 0x82.
        let ours = compressed(Compression::Lz4, b"kafka");
        assert_eq!(ours[..7], [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82]);

        // A frame as Kafka writes it for magic 0 messages (KAFKA-3160): the
        // header checksum 0x1A is XXH32 over magic and descriptor together.
        // One stored block ("kafka", high bit set in its length), end mark.
        let kafka_3160: [u8; 20] = [
            0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x1A, // header
            0x05, 0x00, 0x00, 0x80, b'k', b'a', b'f', b'k', b'a', // block
            0x00, 0x00, 0x00, 0x00, // end mark
        ];
        assert_eq!(
            decompress_all(Compression::Lz4, &kafka_3160).unwrap(),
            b"kafka"
        );
        let mut corrected = kafka_3160;
        corrected[6] = 0x82;
        assert_eq!(
            decompress_all(Compression::Lz4, &corrected).unwrap(),
            b"kafka"
        );
    }

    #[test]
    fn lz4_concatenated_frames() {
        let mut stream = compressed(Compression::Lz4, b"");
        compress(Compression::Lz4, b"kafka", &mut stream).unwrap();
        compress(Compression::Lz4, b"", &mut stream).unwrap();
        compress(Compression::Lz4, b" streams", &mut stream).unwrap();
        assert_eq!(
            decompress_all(Compression::Lz4, &stream).unwrap(),
            b"kafka streams"
        );
        let mut reader = decompressor(Compression::Lz4, &stream).unwrap();
        let mut out = Vec::new();
        let mut chunk = [0u8; 3];
        loop {
            match reader.read(&mut chunk).unwrap() {
                0 => break,
                n => out.extend_from_slice(&chunk[..n]),
            }
        }
        assert_eq!(out, b"kafka streams");
    }

    #[test]
    fn zstd_frame_declares_content_size() {
        let frame = compressed(Compression::Zstd, &mixed_data(5000));
        assert!(matches!(
            zstd::zstd_safe::get_frame_content_size(&frame),
            Ok(Some(5000))
        ));
    }

    #[test]
    fn lz4_kafka_3160_header_checksum_is_accepted() {
        let data = mixed_data(200_000);
        let mut frame = compressed(Compression::Lz4, &data);
        assert_eq!(&frame[..4], &LZ4_MAGIC.to_le_bytes());
        // What Kafka < 0.10 wrote: XXH32 over magic and descriptor.
        let broken = lz4_header_checksum(&frame[..6]);
        assert_ne!(broken, frame[6]);
        frame[6] = broken;
        assert!(decompress_all(Compression::Lz4, &frame).unwrap() == data);
        // Two such frames back to back: both headers get corrected.
        let mut twice = frame.clone();
        twice.extend_from_slice(&frame);
        let out = decompress_all(Compression::Lz4, &twice).unwrap();
        assert!(
            out.len() == 2 * data.len()
                && out[..data.len()] == data[..]
                && out[data.len()..] == data[..]
        );
        // Any other wrong checksum is still refused.
        frame[6] = broken.wrapping_add(1);
        if frame[6] == lz4_header_checksum(&frame[4..6]) {
            frame[6] = frame[6].wrapping_add(1);
        }
        assert!(decode_fails(Compression::Lz4, &frame));
    }

    #[test]
    fn lz4_frame_options_other_writers_use() {
        use lz4_flex::frame::{BlockMode, BlockSize, FrameEncoder, FrameInfo};
        let data = mixed_data(600_000);
        let encode = |info: FrameInfo| {
            let mut enc = FrameEncoder::with_frame_info(info, Vec::new());
            enc.write_all(&data).unwrap();
            enc.finish().unwrap()
        };

        let linked = encode(
            FrameInfo::new()
                .block_mode(BlockMode::Linked)
                .block_size(BlockSize::Max256KB),
        );
        assert!(decompress_all(Compression::Lz4, &linked).unwrap() == data);

        // Block and content checksums are verified, not just skipped over.
        let checked = encode(
            FrameInfo::new()
                .block_checksums(true)
                .content_checksum(true),
        );
        assert!(decompress_all(Compression::Lz4, &checked).unwrap() == data);
        for at in [100, checked.len() - 9, checked.len() - 1] {
            let mut bad = checked.clone();
            bad[at] ^= 0x55;
            assert!(
                decode_fails(Compression::Lz4, &bad),
                "flip at {at} accepted"
            );
        }

        // A declared content size is enforced.
        let mut sized = encode(
            FrameInfo::new()
                .content_size(Some(data.len() as u64))
                .block_size(BlockSize::Max4MB),
        );
        assert!(decompress_all(Compression::Lz4, &sized).unwrap() == data);
        sized[6..14].copy_from_slice(&(data.len() as u64 + 1).to_le_bytes());
        sized[14] = lz4_header_checksum(&sized[4..14]);
        assert!(decode_fails(Compression::Lz4, &sized));
    }

    #[test]
    fn lz4_unsupported_frames_are_rejected() {
        let frame = compressed(Compression::Lz4, b"kafka");
        let mut legacy = frame.clone();
        legacy[..4].copy_from_slice(&LZ4_LEGACY_MAGIC.to_le_bytes());
        let mut skippable = frame.clone();
        skippable[..4].copy_from_slice(&(LZ4_SKIPPABLE_MAGIC + 3).to_le_bytes());
        let mut oversized = frame.clone();
        // The first block claims more than the 64 KiB maximum.
        oversized[7..11].copy_from_slice(&(70_000u32).to_le_bytes());
        for input in [legacy, skippable, oversized] {
            assert!(matches!(
                decompressor(Compression::Lz4, &input).err(),
                Some(CompressionError::Corrupt { codec: "lz4", .. })
            ));
        }
    }

    #[test]
    fn zstd_window_is_bounded() {
        let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
        encoder.window_log(ZSTD_WINDOW_LOG_MAX + 1).unwrap();
        encoder.write_all(b"kafka").unwrap();
        let frame = encoder.finish().unwrap();
        let err = decompress_all(Compression::Zstd, &frame).unwrap_err();
        assert!(err.to_string().contains("memory"), "{err}");
    }

    #[test]
    fn readers_stream_in_small_steps() {
        const TOTAL: usize = 10 << 20;
        // A 1000-byte motif repeated: compresses well under every codec,
        // yet is not a single repeated byte that a decoder could special-case.
        let mut data = mixed_data(1000).repeat(TOTAL / 1000 + 1);
        data.truncate(TOTAL);
        for codec in ALL {
            let packed = compressed(codec, &data);
            if codec != Compression::None {
                assert!(
                    packed.len() < TOTAL / 10,
                    "{codec}: test data should compress well"
                );
            }
            let mut reader = decompressor(codec, &packed).unwrap();
            let mut chunk = [0u8; 4096];
            let mut offset = 0;
            let mut reads = 0;
            loop {
                let n = reader.read(&mut chunk).unwrap();
                if n == 0 {
                    break;
                }
                assert!(
                    chunk[..n] == data[offset..offset + n],
                    "{codec}: bytes differ at {offset}"
                );
                offset += n;
                reads += 1;
            }
            assert_eq!(offset, TOTAL, "{codec}");
            assert!(reads >= TOTAL / 4096, "{codec}");
        }
    }

    #[test]
    fn snappy_reader_holds_one_block() {
        let data = vec![7u8; 10 << 20];
        let packed = compressed(Compression::Snappy, &data);
        let mut reader = SnappyReader::new(CompressedInput::from(&packed)).unwrap();
        let mut chunk = [0u8; 4096];
        let mut total = 0;
        loop {
            match reader.read(&mut chunk).unwrap() {
                0 => break,
                n => total += n,
            }
            assert!(reader.buf.capacity() <= XERIAL_WRITE_BLOCK * 2);
        }
        assert_eq!(total, data.len());
    }
}
