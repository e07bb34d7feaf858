// INGOT_API marks what libingot.so exports.
//
// The library is compiled with -fvisibility=hidden -fvisibility-inlines-hidden, so a declaration
// is visible to programs linking libingot.so only when it carries INGOT_API: the classes of the
// embedding API (INGOT_API between `class` and the name) and its free functions (INGOT_API before
// the declaration). Plain structs (Diagnostic, Plan, Value, ...) need no mark: they have no
// out-of-line code. The attribute is the same when building the library and when using it, and
// harmless for libingot.a. GCC and Clang only (ELF); elsewhere it expands to nothing.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define INGOT_API __attribute__((visibility("default")))
#else
#define INGOT_API
#endif
