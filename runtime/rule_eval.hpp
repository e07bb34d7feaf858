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

/// How the value of `x op y` reads (runtime/figure.hpp): points give a point; a bound combined
/// with an exact number keeps or turns its direction as the operation does (`> 3 %/yr` times 2
/// is `> 6 %/yr`, `100 − (> 3)` is `< 97`); anything else gives no value, only a range.
Reading combined_reading(lang::BinaryOp op, const Measure& x, const Measure& y);

/// `x − y` as a rule's `-` computes it, value, range and reading, in `x`'s unit: the range runs
/// from `x.lo − y.hi` to `x.hi − y.lo`. `ingot diff` and `changed-target` compare two plans'
/// figures with it, so a change reads as `previous()` in a rule gives it.
Measure difference(const Measure& x, const Measure& y);

} // namespace ingot::runtime
