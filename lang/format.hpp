// The formatter: AST (+ comments) → canonical text.
//
// Contract:
//  - idempotent: format(parse(format(x))) == format(x);
//  - meaning-preserving: dump(parse(format(x))) == dump(parse(x));
//  - every comment of the file appears in the output, in its original order, either on its own
//    line before the statement it preceded or at the end of the line it ended;
//  - only called on files that parsed without errors;
//  - the file's conventions stay: a UTF-8 byte order mark at its start stays, and its line ends
//    stay CRLF when most of them are CRLF (a tie goes to the first line end), else they are LF.
#pragma once

#include "lang/ast.hpp"

#include <string>

namespace ingot::lang {

/// Canonical text of a file that parsed cleanly. `source` is the file's text, used to keep the
/// author's blank lines between statements (runs of blank lines collapse to one).
std::string format_file(const File& file, const SourceFile& source);

} // namespace ingot::lang
