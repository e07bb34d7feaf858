#include "runtime/report.hpp"

#include <ingot/error.hpp>

namespace ingot::runtime::report {

std::string write_junit(const Report&, const Analysis&, const ReportOptions&) {
    throw Error(Error::Kind::usage, "the junit format is not written yet");
}

} // namespace ingot::runtime::report
