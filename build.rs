//! Build script: linker settings for a PHP extension, and build facts shown
//! by `php --ri kafka_rs`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // PHP resolves the Zend engine's symbols when it loads the extension. Linux
    // linkers leave undefined symbols in a shared object by default; the macOS
    // linker must be told to.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-cdylib-link-arg=-undefined");
        println!("cargo:rustc-cdylib-link-arg=dynamic_lookup");
    }
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    let profile = std::env::var("PROFILE").unwrap_or_else(|_| "unknown".into());
    println!("cargo:rustc-env=KAFKA_RS_BUILD={target} ({profile})");
}
