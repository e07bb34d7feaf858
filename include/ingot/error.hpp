// The API's one exception type.
//
// Two error channels, as in cel-cpp: what is wrong *in the files* (a syntax error, an unknown
// name, an unreadable import, a limit reached) is a Diagnostic in the result and never throws;
// what is wrong *in the call* (an unknown plan name, an unknown check id, a path that cannot be
// read when it is added) throws ingot::Error. Nothing else is thrown on purpose; std::bad_alloc
// may still escape.
#pragma once

#include "ingot/export.hpp"

#include <stdexcept>
#include <string>

namespace ingot {

class INGOT_API Error : public std::runtime_error {
public:
    enum class Kind {
        io,    // a file or folder given to the API cannot be read
        usage, // the call names something that does not exist, or breaks a precondition
    };
    Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

} // namespace ingot
