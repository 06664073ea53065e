//! `sma lint` on arbitrary bytes: decode, parse, schema, rules, then every output format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sma::emit::{Format, Options};

fuzz_target!(|data: &[u8]| {
    let checked = sma::engine::check_bytes("fuzz.json", data.to_vec());
    // the same bytes read as an event, and the response checked against it
    let (_, event) = sma::engine::check_event_bytes("event.json", data.to_vec());
    let with_event = sma::engine::check_bytes_with_event("fuzz.json", data.to_vec(), event.as_ref());
    let files = [checked, with_event];
    for format in [Format::Pretty, Format::Concise, Format::Json] {
        for color in [false, true] {
            let mut out = Vec::new();
            let options = Options { color, width: 100 };
            format.emitter(options).emit(&mut out, &files).unwrap();
        }
    }
});
