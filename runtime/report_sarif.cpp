#include "runtime/report.hpp"

#include <ingot/error.hpp>

namespace ingot::runtime::report {

std::string write_sarif(const Report&, const Analysis&, const ReportOptions&) {
    throw Error(Error::Kind::usage, "the sarif format is not written yet");
}

} // namespace ingot::runtime::report
