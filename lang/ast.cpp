#include "lang/ast.hpp"

namespace ingot::lang {

const StmtBase& base(const Stmt& stmt) {
    return std::visit([](const auto& s) -> const StmtBase& { return s; }, stmt.kind);
}

SourceSpan span_of(const Item& item) {
    return std::visit([](const auto& i) { return i.span; }, item);
}

} // namespace ingot::lang
