//! `\Kafka\Partitioner`: the default partitioner, which users subclass.
//!
//! It is a plain PHP class (no Rust struct behind its objects), registered by
//! hand rather than with `#[php_class]`, because kafka-php users override
//! `partition($key, $numPartitions)` without types: a `#[php_impl]` method
//! always declares a return type (`: int`), and PHP refuses an untyped
//! override of it ("must be compatible"). Plain objects also keep working when
//! a subclass has its own constructor and never calls the parent's.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::{Arg, ArgInfoTables};
use ext_php_rs::builders::{ClassBuilder, FunctionBuilder};
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::flags::{DataType, MethodFlags};
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{run_handler, ClassEntry, ExecuteData};

use super::convert::{self, Key};
use super::exceptions::{type_error, value_error};
use crate::client::partitioner;

/// The class name.
pub const CLASS: &str = "Kafka\\Partitioner";

static PARTITIONER: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

/// The registered class, once the module has started.
pub fn class_entry() -> Option<&'static ClassEntry> {
    // SAFETY: set once at module start to a class entry that lives as long as the process.
    unsafe { PARTITIONER.load(Ordering::Acquire).as_ref() }
}

/// Keeps the class entry, and the argument tables the engine points into for
/// the life of the process.
fn park(ce: &'static mut ClassEntry, tables: ArgInfoTables) {
    PARTITIONER.store(ce, Ordering::Release);
    std::mem::forget(tables);
}

/// Registers `Kafka\Partitioner` (module start).
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CLASS)
        .method(
            FunctionBuilder::new("partition", partition)
                .arg(Arg::new("key", DataType::Mixed))
                .arg(Arg::new("numPartitions", DataType::Long)),
            MethodFlags::Public,
        )
        .method(
            FunctionBuilder::new("murmur2", murmur2)
                .arg(Arg::new("data", DataType::String))
                .returns(DataType::Long, false, false),
            MethodFlags::Public | MethodFlags::Static,
        )
        .registration(park)
        .register()
}

/// The partition kafka_rs picks for `key` among `n`: random (or the batch's
/// `sticky` choice) for no key, key mod n for an int, Java's murmur2 for a string.
pub fn default_partition(key: &Key, n: usize, sticky: Option<i32>) -> i32 {
    match key {
        Key::None => sticky.unwrap_or_else(|| partitioner::random(n)),
        Key::Int(i) => partitioner::for_int(*i, n),
        Key::Bytes(b) => partitioner::for_bytes(b, n),
    }
}

/// Runs a method body, throwing its error.
fn handle(body: impl FnOnce() -> PhpResult<()>) {
    run_handler(AssertUnwindSafe(|| {
        if let Err(e) = body() {
            e.throw();
        }
    }));
}

/// An integer argument as PHP's weak mode reads one: an int, an integral
/// float, or a string holding an integer.
fn int_arg(z: &Zval, what: &str) -> PhpResult<i64> {
    if let Some(i) = z.long() {
        return Ok(i);
    }
    if let Some(d) = z.double() {
        if d.fract() == 0.0 && d.abs() < 9.2e18 {
            return Ok(d as i64);
        }
    }
    if let Some(i) = z.str().and_then(|s| s.trim().parse::<i64>().ok()) {
        return Ok(i);
    }
    Err(type_error(format!(
        "{what} must be of type int, {} given",
        convert::type_name(z)
    )))
}

/// `public function partition(mixed $key, int $numPartitions)`.
extern "C" fn partition(ex: &mut ExecuteData, retval: &mut Zval) {
    handle(|| {
        let mut key = Arg::new("key", DataType::Mixed);
        let mut count = Arg::new("numPartitions", DataType::Long);
        if ex.parser().arg(&mut key).arg(&mut count).parse().is_err() {
            return Ok(());
        }
        let (Some(key), Some(count)) = (key.zval(), count.zval()) else {
            return Err(PhpException::from_message(
                "Kafka\\Partitioner::partition(): arguments missing".into(),
            ));
        };
        let n = int_arg(
            count.dereference(),
            "Kafka\\Partitioner::partition(): Argument #2 ($numPartitions)",
        )?;
        // Kafka counts partitions in an int32.
        let Some(n) = usize::try_from(n)
            .ok()
            .filter(|n| (1..=i32::MAX as usize).contains(n))
        else {
            return Err(value_error(format!(
                "Kafka\\Partitioner::partition(): Argument #2 ($numPartitions) must be between 1 and {}, {n} given",
                i32::MAX
            )));
        };
        let key = convert::key_arg(
            Some(key.dereference()),
            "Kafka\\Partitioner::partition(): Argument #1 ($key)",
        )?;
        retval.set_long(default_partition(&key, n, None));
        Ok(())
    });
}

/// `public static function murmur2(string $data): int`.
extern "C" fn murmur2(ex: &mut ExecuteData, retval: &mut Zval) {
    handle(|| {
        let mut data = Arg::new("data", DataType::String);
        if ex.parser().arg(&mut data).parse().is_err() {
            return Ok(());
        }
        let Some(data) = data.zval() else {
            return Err(PhpException::from_message(
                "Kafka\\Partitioner::murmur2(): argument missing".into(),
            ));
        };
        let bytes = convert::bytes_arg(
            data.dereference(),
            "Kafka\\Partitioner::murmur2(): Argument #1 ($data)",
        )?;
        retval.set_long(partitioner::murmur2(&bytes));
        Ok(())
    });
}
