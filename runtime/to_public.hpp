// Conversions from the runtime's internal values to the public API's plain values.
//
// Internal spans are (file id, byte range) into one SourceMap; public spans carry the path and
// resolved line/column so they stay meaningful after the SourceMap is gone.
#pragma once

#include "ingot/diagnostic.hpp"
#include "ingot/value.hpp"
#include "lang/diagnostic.hpp"
#include "lang/source.hpp"
#include "runtime/value.hpp"

namespace ingot::runtime {

/// The public form of `span`; a span of a file the map does not hold becomes an empty Span.
Span to_public(const lang::SourceMap& sources, lang::SourceSpan span);

/// The public form of a diagnostic, with every span resolved.
Diagnostic to_public(const lang::SourceMap& sources, const lang::Diagnostic& diagnostic);

/// The public form of a rule value: a measure's numbers in its own unit (3.45 for 3.45 %/yr),
/// plans and sets of plans by name.
ingot::Value to_public(const Value& value);

} // namespace ingot::runtime
