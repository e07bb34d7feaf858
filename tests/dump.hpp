// The AST dump: a stable text form of a parsed file without spans, for tests. Two files have the
// same AST exactly when their dumps are equal, which is how the formatter's meaning-preservation
// is checked. Test-only: nothing in the shipped library prints ASTs.
#pragma once

#include "lang/ast.hpp"

#include <string>

namespace ingot::lang {

std::string dump(const File& file);

} // namespace ingot::lang
