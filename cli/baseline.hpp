// Baselines, for adopting Ingot on a repository that already has findings: `--write-baseline`
// records today's findings; later runs report only findings the baseline does not hold.
//
// A finding matches a recorded one by file, check id and fingerprint (the normalised text of its
// primary span), not by line, so findings that moved still match. Each recorded finding absorbs
// at most one current finding: a second copy of a mistake is new.
#pragma once

#include <ingot/ingot.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace ingot::cli {

struct BaselineEntry {
    std::string path; // relative to the project root, `/`-separated
    std::string id;
    std::string fingerprint;
    std::string message; // for the reader of the file; not matched
};

class BaselineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Reads a baseline file. Throws BaselineError naming the file (and line, for bad JSON).
std::vector<BaselineEntry> read_baseline(const std::string& path);

/// The baseline entries of `diagnostics` (paths made relative to `root`).
std::vector<BaselineEntry> baseline_entries(const std::vector<Diagnostic>& diagnostics,
                                            const Analysis& analysis, const std::string& root);

/// The baseline file's text: versioned JSON, one entry per finding, sorted.
std::string baseline_text(std::vector<BaselineEntry> entries);

/// `diagnostics` without those the baseline holds.
std::vector<Diagnostic> without_baselined(const std::vector<Diagnostic>& diagnostics,
                                          const std::vector<BaselineEntry>& baseline,
                                          const Analysis& analysis, const std::string& root);

} // namespace ingot::cli
