// What an Engine holds: the frozen configuration every analysis reads.
//
// Built once by EngineBuilder and never changed after (the Engine hands out only a
// shared_ptr<const State>), so analyses on several threads may read it at once.
#pragma once

#include "ingot/ingot.hpp"
#include "runtime/functions.hpp"
#include "runtime/units.hpp"

#include <string>
#include <vector>

namespace ingot {

struct HostCheckDef {
    CheckInfo info;
    HostCheck check;
};

struct Engine::State {
    Limits limits;
    ImportResolver resolver; // null: confined to each Workspace's root
    runtime::UnitRegistry units;
    std::string prelude; // the built-in prelude and the host's metrics, as Ingot text
    std::vector<runtime::HostFunction> functions; // in base units (EngineBuilder converts)
    std::vector<HostCheckDef> checks;
    std::vector<CheckInfo> registry; // built-in checks, then host checks
};

} // namespace ingot
