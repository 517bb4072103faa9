//! Course content. STUB
