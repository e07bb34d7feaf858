// The check registry: one entry per check, the single source of truth for `ingot rules`,
// `ingot rule ID`, docs/checks.md (a test proves they agree) and, later, SARIF `rules[]` and
// `--select`. Built-in checks, the host's C++ checks and the analysts' rules all have an entry;
// a finding's Diagnostic::id is always the id of one entry.
#pragma once

#include "ingot/diagnostic.hpp"
#include "ingot/export.hpp"

#include <string>
#include <vector>

namespace ingot {

/// Where a check comes from.
enum class CheckOrigin {
    builtin, // written in C++ in Ingot itself
    host,    // written in C++ by the embedding program (EngineBuilder::define_check)
    rule,    // written in the Ingot language, in a rulebook (id = the rule's name)
};

INGOT_API std::string_view to_string(CheckOrigin origin);

struct CheckInfo {
    std::string id; // `unknown-name`, or the rule's name
    Severity default_severity = Severity::error;
    std::string category; // syntax, imports, limits, numbers, names, structure, units, derivation,
                          // rules, limits; `rule` for analyst rules
    std::string summary;  // one line: when it fires
    std::string explanation;  // paragraphs: what it means and how to fix it
    std::string bad_example;  // a file that makes it fire ("" for analyst rules)
    std::string good_example; // the same file, fixed
    bool fixable = false;     // some findings carry machine-applicable fixes
    CheckOrigin origin = CheckOrigin::builtin;
    bool enabled_by_default = true; // `implied` is off unless asked for
};

} // namespace ingot
