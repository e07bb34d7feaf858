// The runtime pipeline's result behind a public Analysis, for the runtime's own public functions
// (run_tests reads the rules' traces). Not part of the public API.
#pragma once

#include "ingot/ingot.hpp"
#include "runtime/analysis.hpp"

namespace ingot {

struct AnalysisAccess {
    static const runtime::Analysis& run(const Analysis& analysis);
};

} // namespace ingot
