// The last stage of an analysis: which findings are reported, and how severe they are.
//
// Three inputs decide it: the selection (`select` / `ignore`: check ids or categories), severity
// overrides, and the analysts' own `# ingot: allow(ID) reason` comments in the files. An allow
// suppresses findings of its checks on its own line (a comment after code) or on the next line
// (a comment on a line of its own); it must give a reason. Allows that suppress nothing are
// reported as `unused-allow`, malformed ones as `bad-allow` (and suppress nothing).
#pragma once

#include "runtime/analysis.hpp"

#include <ingot/checks.hpp>
#include <ingot/diagnostic.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ingot::runtime {

struct Policy {
    /// Check ids or categories to report; nullopt: every check that is on by default.
    std::optional<std::vector<std::string>> select;
    /// Check ids or categories never to report; wins over `select`.
    std::vector<std::string> ignore;
    /// Severity by check id.
    std::map<std::string, Severity, std::less<>> severity;
    /// Whether `# ingot: allow(…)` comments are honoured (and checked).
    bool suppressions = true;
};

/// Whether findings of `check` are reported under `policy`. `syntax` always is: a file that does
/// not parse has not been checked.
bool enabled(const CheckInfo& check, const Policy& policy);

/// `found` (public diagnostics of `run`, any order) filtered, re-graded and suppressed under
/// `policy`, with `unused-allow` and `bad-allow` findings added. `checks` is the registry of the
/// run (built-in, host and rule checks): allows may name any of them.
std::vector<Diagnostic> apply_policy(std::vector<Diagnostic> found,
                                     const std::vector<CheckInfo>& checks, const Policy& policy,
                                     const Analysis& run);

} // namespace ingot::runtime
