//! Zend engine functions that ext-php-rs does not bind, with safe wrappers.
//! They are resolved when PHP loads the extension, like every Zend symbol.

use std::ffi::{c_char, c_int, CStr, CString};

use ext_php_rs::ffi::{zend_error_handling_t_EH_THROW, zend_long, zend_object, zend_read_property};
use ext_php_rs::types::{ZendObject, ZendStr, Zval};
use ext_php_rs::zend::{ClassEntry, ExecutorGlobals, ModuleEntry};

extern "C" {
    fn zend_ini_long(name: *const c_char, name_length: usize, orig: c_int) -> zend_long;
    fn zend_ini_string_ex(
        name: *const c_char,
        name_length: usize,
        orig: c_int,
        exists: *mut bool,
    ) -> *mut c_char;
    fn zend_unregister_ini_entries(module_number: c_int);
    fn display_ini_entries(module: *mut ModuleEntry);
    fn php_log_err_with_severity(msg: *const c_char, syslog_type: c_int);
    fn zend_update_property(
        scope: *mut ClassEntry,
        object: *mut zend_object,
        name: *const c_char,
        name_length: usize,
        value: *mut Zval,
    );
    static spl_ce_RuntimeException: *mut ClassEntry;
}

/// The current value of an integer ini setting (ini_set-aware).
pub fn ini_long(name: &str) -> i64 {
    // SAFETY: the name is passed with its length; the engine does not keep it.
    unsafe { zend_ini_long(name.as_ptr().cast(), name.len(), 0) }
}

/// The current value of a string ini setting, if registered.
pub fn ini_string(name: &str) -> Option<String> {
    let mut exists = false;
    // SAFETY: as above; the returned pointer is owned by the engine and read at once.
    let p = unsafe { zend_ini_string_ex(name.as_ptr().cast(), name.len(), 0, &mut exists) };
    if !exists || p.is_null() {
        return None;
    }
    // SAFETY: the engine returns a NUL-terminated string.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// Removes the module's ini entries (at module shutdown).
pub fn unregister_ini_entries(module_number: i32) {
    // SAFETY: called once from MSHUTDOWN with our module number.
    unsafe { zend_unregister_ini_entries(module_number) }
}

/// Prints the module's ini table in `php --ri` / phpinfo().
pub fn show_ini_entries(module: *mut ModuleEntry) {
    // SAFETY: called from MINFO with the module entry PHP passed in.
    unsafe { display_ini_entries(module) }
}

/// Writes one line to PHP's error log (the `error_log` ini setting, or stderr).
pub fn log_error(msg: &str) {
    let Ok(c) = CString::new(msg.replace('\0', "\\0")) else {
        return;
    };
    // SAFETY: a valid C string; 4 is LOG_WARNING.
    unsafe { php_log_err_with_severity(c.as_ptr(), 4) }
}

/// PHP's `\RuntimeException` (SPL starts before any shared extension).
pub fn runtime_exception_ce() -> &'static ClassEntry {
    // SAFETY: SPL sets this global during its own MINIT, which precedes ours;
    // the class entry lives as long as the process.
    #[allow(clippy::expect_used)]
    unsafe {
        spl_ce_RuntimeException
            .as_ref()
            .expect("SPL is always compiled into PHP 8")
    }
}

/// A PHP string zval holding a copy of `bytes` (binary-safe).
pub fn bytes_zval(bytes: &[u8]) -> Zval {
    let mut z = Zval::new();
    z.set_zend_string(ZendStr::new(bytes, false));
    z
}

/// Property `name` of `obj` as the methods of class `scope` see it, so that a
/// private property of `scope` is found in objects of its subclasses too.
/// None when the property is not set.
pub fn read_property(scope: &ClassEntry, obj: &ZendObject, name: &str) -> Option<Zval> {
    let mut rv = Zval::new();
    let rv_ptr: *mut Zval = &mut rv;
    // SAFETY: scope and obj are live; silent=true reads without a warning. The
    // result points into the object's property table, or at `rv` when the
    // value was computed (__get); it is copied before either goes away.
    let p = unsafe {
        zend_read_property(
            std::ptr::from_ref(scope).cast_mut(),
            std::ptr::from_ref(obj).cast_mut(),
            name.as_ptr().cast(),
            name.len(),
            true,
            rv_ptr,
        )
    };
    if p == rv_ptr {
        return (!rv.is_null()).then_some(rv);
    }
    // SAFETY: a non-null result is a valid zval owned by the object.
    let v = unsafe { p.as_ref() }?;
    (!v.is_null() && v.get_type() != ext_php_rs::flags::DataType::Undef).then(|| v.shallow_clone())
}

/// Sets property `name` of `obj` as the methods of class `scope` would.
pub fn write_property(scope: &ClassEntry, obj: &mut ZendObject, name: &str, mut value: Zval) {
    // SAFETY: scope and obj are live; the engine copies the value (adding a
    // reference), and `value` releases ours when dropped.
    unsafe {
        zend_update_property(
            std::ptr::from_ref(scope).cast_mut(),
            obj,
            name.as_ptr().cast(),
            name.len(),
            &mut value,
        )
    };
}

/// Runs `f`, a call into PHP, with PHP warnings turned into exceptions (the
/// engine's EH_THROW mode, as SPL constructors use it), so a PHP function
/// called from Rust neither prints its warning nor reaches the user's error
/// handler. Returns what `f` returned and the message of the warning or
/// exception it raised, which is cleared. Call it with no exception pending.
pub fn quietly<T>(f: impl FnOnce() -> T) -> (T, Option<String>) {
    let saved = {
        let mut eg = ExecutorGlobals::get_mut();
        let saved = (eg.error_handling, eg.exception_class);
        eg.error_handling = zend_error_handling_t_EH_THROW;
        eg.exception_class = std::ptr::from_ref(ext_php_rs::zend::ce::exception()).cast_mut();
        saved
    };
    let out = f();
    {
        let mut eg = ExecutorGlobals::get_mut();
        eg.error_handling = saved.0;
        eg.exception_class = saved.1;
    }
    let message = ExecutorGlobals::take_exception().map(|e| {
        e.try_call_method("getMessage", vec![])
            .ok()
            .and_then(|m| m.string())
            .unwrap_or_default()
    });
    (out, message)
}
