//! Zend engine functions that ext-php-rs does not bind, with safe wrappers.
//! They are resolved when PHP loads the extension, like every Zend symbol.

use std::ffi::{c_char, c_int, CStr, CString};

use ext_php_rs::ffi::{zend_long, zend_object};
use ext_php_rs::types::{ZendStr, Zval};
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
    fn zend_get_executed_filename() -> *const c_char;
    fn zend_get_executed_lineno() -> u32;
    fn zend_fetch_debug_backtrace(
        return_value: *mut Zval,
        skip_last: c_int,
        options: c_int,
        limit: c_int,
    );
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

/// The object whose method is executing (`$this`), or null.
pub fn current_this() -> *mut zend_object {
    let ex = ExecutorGlobals::get().current_execute_data;
    if ex.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: current_execute_data is valid while a PHP function runs.
    unsafe { (*ex).This.object_mut() }.map_or(std::ptr::null_mut(), std::ptr::from_mut)
}

/// Fills an exception object's `\Exception` fields (message, code, previous,
/// file, line, trace), as `zend_default_exception_new` and
/// `Exception::__construct` would. ext-php-rs installs its own object
/// constructor for Rust classes, which leaves them empty otherwise.
///
/// # Safety
/// `obj` must point to a live object whose class extends `\Exception`.
pub unsafe fn init_exception(
    obj: *mut zend_object,
    message: &str,
    code: i64,
    previous: Option<&Zval>,
    skip_frames: i32,
) {
    let base = std::ptr::from_ref(ext_php_rs::zend::ce::exception()).cast_mut();
    let set = |name: &CStr, v: &mut Zval| {
        // SAFETY: base is \Exception, obj extends it, name and v are valid.
        unsafe { zend_update_property(base, obj, name.as_ptr(), name.to_bytes().len(), v) };
    };
    let mut z = Zval::new();
    z.set_zend_string(ZendStr::new(message, false));
    set(c"message", &mut z);
    let mut z = Zval::new();
    z.set_long(code);
    set(c"code", &mut z);
    if let Some(prev) = previous {
        if prev
            .object()
            .is_some_and(|o| o.instance_of(ext_php_rs::zend::ce::throwable()))
        {
            set(c"previous", &mut prev.shallow_clone());
        }
    }
    // SAFETY: these read the executing frame, valid during a call.
    let file = unsafe { zend_get_executed_filename() };
    if !file.is_null() {
        let mut z = Zval::new();
        // SAFETY: NUL-terminated string owned by the engine.
        z.set_zend_string(ZendStr::new(
            unsafe { CStr::from_ptr(file) }.to_bytes(),
            false,
        ));
        set(c"file", &mut z);
    }
    let mut z = Zval::new();
    // SAFETY: as above.
    z.set_long(i64::from(unsafe { zend_get_executed_lineno() }));
    set(c"line", &mut z);
    // DEBUG_BACKTRACE_IGNORE_ARGS (2) when zend.exception_ignore_args is on, as PHP does.
    let options = if ini_long("zend.exception_ignore_args") != 0 {
        2
    } else {
        0
    };
    let mut trace = Zval::new();
    // SAFETY: trace is a fresh zval the engine fills with an array.
    unsafe { zend_fetch_debug_backtrace(&mut trace, skip_frames, options, 0) };
    set(c"trace", &mut trace);
}

/// A PHP string zval holding a copy of `bytes` (binary-safe).
pub fn bytes_zval(bytes: &[u8]) -> Zval {
    let mut z = Zval::new();
    z.set_zend_string(ZendStr::new(bytes, false));
    z
}
