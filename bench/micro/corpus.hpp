// The corpus the stage benchmarks run over, held in memory.
//
// INGOT_BENCH_CORPUS=FOLDER: every *.plan and *.rules under FOLDER, as read (imports resolve
// inside FOLDER). Otherwise the repository's plans/ replicated until the plan files reach
// INGOT_BENCH_BYTES (default 2 MB): each copy of a plan file gets its own path, plan name and
// series name (`_c7`), so names stay unique and each copy forms a series of the original's size;
// the rulebooks under plans/ are given once, and every copy imports the same ones.
#pragma once

#include "runtime/workspace.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ingot::bench {

struct Corpus {
    std::vector<runtime::SourceText> sources; // plan files, then rulebooks
    std::string root;                         // imports resolve inside it
    std::size_t plan_files = 0;
    std::size_t plan_bytes = 0; // text of the plan files (rulebooks not counted)
    std::size_t bytes = 0;      // text of every source
    std::string description;    // for the benchmark's context line
};

/// The corpus the environment names (see above). Throws ingot::Error when the folder cannot be
/// read.
Corpus load_corpus();

/// `text` of a plan file with `suffix` appended to each plan's name and series.
std::string rename_plans(const std::string& text, const std::string& suffix);

} // namespace ingot::bench
