#include "runtime/report.hpp"

#include <ingot/error.hpp>

namespace ingot::runtime::report {

std::string write_json(const Report&, const Analysis&, const ReportOptions&) {
    throw Error(Error::Kind::usage, "the json format is not written yet");
}

} // namespace ingot::runtime::report
