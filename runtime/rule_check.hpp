// The static check of rule expressions, before any plan is evaluated.
//
// Input: an expression, the EvalContext it will be evaluated in (model, workspace, the file it
// is in, host functions) and the extra names in scope. Result: diagnostics about names, argument
// counts, argument kinds and units — like CEL's checker, so a rulebook with a mistake is reported
// at the mistake's line even when no plan is loaded. An expression that passes may still be
// Unknown for a plan that lacks a figure; that is the evaluator's channel, not this one.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/functions.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime {

/// Static check of an expression: names, argument counts and units. `names` are the extra names
/// in scope (lets, `plan`, `plans`, `series`), of any type. Appends diagnostics; returns false on
/// any error.
bool check_expression(const lang::Expr& e, const EvalContext& context,
                      const std::set<std::string>& names, std::vector<lang::Diagnostic>& out);

} // namespace ingot::runtime

namespace ingot::runtime::detail {

/// Like check_expression with names of known types, and `e` must be true or false (a rule's
/// `when` or `require`; `where` names it in the message). Returns false on any error.
bool check_condition(const lang::Expr& e, const EvalContext& context,
                     std::map<std::string, Type> names, std::vector<lang::Diagnostic>& out,
                     std::string_view where);

} // namespace ingot::runtime::detail
