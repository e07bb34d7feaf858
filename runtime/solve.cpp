#include "runtime/solve.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <string>

namespace ingot::runtime::detail {

std::vector<ConstraintId> merge(const std::vector<ConstraintId>& a,
                                const std::vector<ConstraintId>& b) {
    std::vector<ConstraintId> out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

double times(double a, double b) {
    const double p = a * b;
    return std::isnan(p) ? 0.0 : p; // 0 · ∞ = 0 in interval arithmetic
}

// ---- interval arithmetic, provenance on demand -------------------------------------------------
//
// Most candidate bounds a relation proposes do not narrow anything. So candidates carry only
// their value, openness and the (at most two) bounds they were computed from; the provenance
// (`because`, the union of theirs) and the `how` text are built only for a bound that is kept.

/// A candidate bound: `value` computed from bounds `a` and `b` (b null for one operand).
struct Candidate {
    double value = 0;
    bool open = false;
    const Bound* a = nullptr;
    const Bound* b = nullptr;
};

struct CandidateInterval {
    Candidate lo;
    Candidate hi;
};

Candidate from(const Bound& x) {
    return {x.value, x.open, &x, nullptr};
}

CandidateInterval multiply(const CandidateInterval& x, const CandidateInterval& y) {
    const Candidate* xs[2] = {&x.lo, &x.hi};
    const Candidate* ys[2] = {&y.lo, &y.hi};
    CandidateInterval out;
    bool first = true;
    for (const Candidate* a : xs) {
        for (const Candidate* b : ys) {
            const double p = times(a->value, b->value);
            const bool open = a->open || b->open;
            // Operands of a product are single bounds (reciprocals and negations keep theirs).
            if (first || p < out.lo.value || (p == out.lo.value && open)) {
                out.lo = {p, open, a->a, b->a};
            }
            if (first || p > out.hi.value || (p == out.hi.value && open)) {
                out.hi = {p, open, a->a, b->a};
            }
            first = false;
        }
    }
    return out;
}

CandidateInterval whole(const Interval& x) {
    return {from(x.lo), from(x.hi)};
}

bool contains_zero(const Interval& i) {
    return i.lo.value <= 0 && i.hi.value >= 0;
}

CandidateInterval reciprocal(const Interval& y) {
    return {{1 / y.hi.value, y.hi.open, &y.hi, nullptr},
            {1 / y.lo.value, y.lo.open, &y.lo, nullptr}};
}

CandidateInterval negate(const Interval& y) {
    return {{-y.hi.value, y.hi.open, &y.hi, nullptr}, {-y.lo.value, y.lo.open, &y.lo, nullptr}};
}

CandidateInterval add(const CandidateInterval& x, const CandidateInterval& y) {
    const double lo = x.lo.value + y.lo.value;
    const double hi = x.hi.value + y.hi.value;
    return {{std::isnan(lo) ? -inf : lo, x.lo.open || y.lo.open, x.lo.a, y.lo.a},
            {std::isnan(hi) ? inf : hi, x.hi.open || y.hi.open, x.hi.a, y.hi.a}};
}

/// The provenance of a kept candidate: its operands' constraints and the relation's own.
std::vector<ConstraintId> provenance(const Candidate& c, ConstraintId relation) {
    static const std::vector<ConstraintId> none;
    std::vector<ConstraintId> operands =
        merge(c.a ? c.a->because : none, c.b ? c.b->because : none);
    const auto at = std::lower_bound(operands.begin(), operands.end(), relation);
    if (at == operands.end() || *at != relation) {
        operands.insert(at, relation);
    }
    return operands;
}

/// Solves one system: intersects the domains, then narrows through the relations to a fixpoint.
class Solver {
public:
    Solver(const Derivation& derivation, const std::vector<Relation>& relations,
           const std::vector<bool>& positive, int max_rounds)
        : values_(derivation.variables.size()), relations_(relations), derivation_(derivation),
          max_rounds_(max_rounds) {
        for (std::size_t v = 0; v < values_.size(); ++v) {
            if (positive[v]) {
                values_[v].lo = {0, true, {}, {}}; // growth factors: a level never changes sign
            }
        }
    }

    /// Returns the conflict when the system has no solution.
    std::optional<Conflict> solve(const std::vector<Domain>& fixed,
                                  const std::vector<Domain>& domains) {
        for (const std::vector<Domain>* list : {&fixed, &domains}) {
            for (const Domain& d : *list) {
                Interval i = d.interval;
                i.lo.because = merge(i.lo.because, {d.constraint});
                i.hi.because = merge(i.hi.because, {d.constraint});
                if (auto conflict = narrow(d.var, i)) {
                    return conflict;
                }
            }
        }
        for (int round = 0; round < max_rounds_; ++round) {
            changed_ = false;
            for (const Relation& r : relations_) {
                if (auto conflict = apply(r)) {
                    return conflict;
                }
            }
            if (!changed_) {
                break;
            }
        }
        return std::nullopt;
    }

    std::vector<Interval> take_values() { return std::move(values_); }

private:
    std::optional<Conflict> apply(const Relation& r) {
        if (r.op == Relation::Op::product) {
            std::optional<Conflict> c =
                narrow(r.z, multiply(whole(values_[r.x]), whole(values_[r.y])), r, '*', r.x, r.y);
            if (!c && !contains_zero(values_[r.y])) {
                c = narrow(r.x, multiply(whole(values_[r.z]), reciprocal(values_[r.y])), r, '/',
                           r.z, r.y);
            }
            if (!c && !contains_zero(values_[r.x])) {
                c = narrow(r.y, multiply(whole(values_[r.z]), reciprocal(values_[r.x])), r, '/',
                           r.z, r.x);
            }
            return c;
        }
        std::optional<Conflict> c =
            narrow(r.z, add(whole(values_[r.x]), whole(values_[r.y])), r, '+', r.x, r.y);
        if (!c) {
            c = narrow(r.x, add(whole(values_[r.z]), negate(values_[r.y])), r, '-', r.z, r.y);
        }
        if (!c) {
            c = narrow(r.y, add(whole(values_[r.z]), negate(values_[r.x])), r, '-', r.z, r.x);
        }
        return c;
    }

    /// Whether a candidate bound narrows the current one. Movements below a relative 1e-12 do
    /// not count, so cyclic relations (levels, factors, cumulative factors) reach a fixpoint.
    static bool tighter_lo(double value, bool open, const Bound& current) {
        if (std::isnan(value)) {
            return false;
        }
        if (value > current.value) {
            return std::isinf(current.value) ||
                   value - current.value > 1e-12 * std::max(1.0, std::abs(current.value));
        }
        return value == current.value && !std::isinf(value) && open && !current.open;
    }
    static bool tighter_hi(double value, bool open, const Bound& current) {
        if (std::isnan(value)) {
            return false;
        }
        if (value < current.value) {
            return std::isinf(current.value) ||
                   current.value - value > 1e-12 * std::max(1.0, std::abs(current.value));
        }
        return value == current.value && !std::isinf(value) && open && !current.open;
    }

    /// Narrows `v` by a candidate from relation `r` (`a op b`). Both new bounds are built before
    /// either is stored: the operands may be `v`'s own bounds.
    std::optional<Conflict> narrow(VarId v, const CandidateInterval& candidate, const Relation& r,
                                   char op, VarId a, VarId b) {
        Interval& current = values_[v];
        const bool lo = tighter_lo(candidate.lo.value, candidate.lo.open, current.lo);
        const bool hi = tighter_hi(candidate.hi.value, candidate.hi.open, current.hi);
        if (!lo && !hi) {
            return std::nullopt;
        }
        const std::string how = fmt::format("{} {} {}", name(a), op, name(b));
        std::optional<Bound> new_lo;
        std::optional<Bound> new_hi;
        if (lo) {
            new_lo = Bound{candidate.lo.value, candidate.lo.open,
                           provenance(candidate.lo, r.constraint), how};
        }
        if (hi) {
            new_hi = Bound{candidate.hi.value, candidate.hi.open,
                           provenance(candidate.hi, r.constraint), how};
        }
        if (new_lo) {
            current.lo = std::move(*new_lo);
        }
        if (new_hi) {
            current.hi = std::move(*new_hi);
        }
        changed_ = true;
        if (current.empty()) {
            return Conflict{v, current.lo, current.hi};
        }
        return std::nullopt;
    }

    std::optional<Conflict> narrow(VarId v, const Interval& candidate) {
        Interval& current = values_[v];
        if (tighter_lo(candidate.lo.value, candidate.lo.open, current.lo)) {
            current.lo = candidate.lo;
            changed_ = true;
        }
        if (tighter_hi(candidate.hi.value, candidate.hi.open, current.hi)) {
            current.hi = candidate.hi;
            changed_ = true;
        }
        if (current.empty()) {
            return Conflict{v, current.lo, current.hi};
        }
        return std::nullopt;
    }

    /// The name the `how` of a bound uses for variable `v`: `level(output, 2025)`.
    std::string name(VarId v) const {
        const Variable& var = derivation_.variables[v];
        switch (var.kind) {
        case VarKind::level:
            return fmt::format("level({}, {})", var.series, var.year);
        case VarKind::factor:
            return fmt::format("(1 + growth({}, {}))", var.series, var.year);
        case VarKind::cumulative:
            return fmt::format("(1 + change({}, {}..{}))", var.series, var.from_year, var.year);
        case VarKind::difference:
            return fmt::format("points({}, {}..{})", var.series, var.from_year, var.year);
        case VarKind::aux:
            break;
        }
        return var.series == "1" ? "1" : "…";
    }

    std::vector<Interval> values_;
    const std::vector<Relation>& relations_;
    const Derivation& derivation_;
    int max_rounds_;
    bool changed_ = false;
};

} // namespace

Outcome solve(const PlanSystem& system, const std::vector<Domain>& domains, int max_rounds) {
    Solver solver(*system.derivation, system.relations, system.positive, max_rounds);
    Outcome o;
    o.conflict = solver.solve(system.fixed, domains);
    o.values = solver.take_values();
    return o;
}

Solution solve_plan(const PlanSystem& system, int max_rounds) {
    Solution s;
    s.precision = solve(system, system.precision, max_rounds);
    // Nominal values: the figures as written, bounds included when they agree with the points
    // (else the points alone, and the rounding findings say why).
    std::vector<Domain> written = system.nominal;
    written.insert(written.end(), system.bounds.begin(), system.bounds.end());
    s.nominal = solve(system, written, max_rounds);
    if (!s.nominal.conflict) {
        // Every bound holds together with the points, so each holds alone: narrowing by fewer
        // domains never empties an interval that narrowing by more left non-empty. (Solving
        // once per bound made a plan of n bounds cost n solves of the whole plan.)
        return s;
    }
    s.nominal = solve(system, system.nominal, max_rounds);
    if (s.precision.conflict || s.nominal.conflict) {
        return s; // the findings report the conflict itself, not single bounds
    }
    for (const Domain& bound : system.bounds) {
        std::vector<Domain> with_bound = system.nominal;
        with_bound.push_back(bound);
        const Outcome o = solve(system, with_bound, max_rounds);
        if (o.conflict) {
            s.missed_bounds.push_back({&bound, *o.conflict});
        }
    }
    return s;
}

void record_solution(const Solution& solution, Derivation& derivation) {
    derivation.consistent = !solution.precision.conflict;
    derivation.nominal_consistent = !solution.nominal.conflict;
    for (std::size_t v = 0; v < derivation.variables.size(); ++v) {
        derivation.variables[v].range = solution.precision.values[v];
        if (!solution.nominal.conflict) {
            derivation.variables[v].nominal = solution.nominal.values[v];
        }
    }
}

} // namespace ingot::runtime::detail
