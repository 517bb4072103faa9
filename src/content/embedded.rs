//! The shipped course, compiled into the binary by `build.rs`, so the tutor works from any folder.
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
