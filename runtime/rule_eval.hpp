// The evaluation of rule expressions for one plan (or one series).
//
// Input: an expression that passed check_expression (runtime/rule_check.hpp), and the
// EvalContext: the current plan and its derivation, the plans of its series, `let` bindings and
// host functions. Result: a Value — Unknown when the plan lacks a figure the expression needs.
// Evaluation also records in the context the constraints and statements behind the figures it
// read, so a finding can point at them. It is total (the language has no loops or recursion)
// and bounded by context.max_steps.
#pragma once

#include "lang/ast.hpp"
#include "runtime/functions.hpp"
#include "runtime/value.hpp"

namespace ingot::runtime {

/// Evaluates an expression that passed check_expression.
Value evaluate(const lang::Expr& e, EvalContext& context);

} // namespace ingot::runtime
