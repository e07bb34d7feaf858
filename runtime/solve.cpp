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

// ---- interval arithmetic with provenance ------------------------------------------------------

Interval multiply(const Interval& x, const Interval& y) {
    const Bound* xs[2] = {&x.lo, &x.hi};
    const Bound* ys[2] = {&y.lo, &y.hi};
    Interval out;
    bool first = true;
    for (const Bound* a : xs) {
        for (const Bound* b : ys) {
            const double p = times(a->value, b->value);
            const bool open = a->open || b->open;
            if (first || p < out.lo.value || (p == out.lo.value && open)) {
                out.lo = {p, open, merge(a->because, b->because), {}};
            }
            if (first || p > out.hi.value || (p == out.hi.value && open)) {
                out.hi = {p, open, merge(a->because, b->because), {}};
            }
            first = false;
        }
    }
    return out;
}

bool contains_zero(const Interval& i) {
    return i.lo.value <= 0 && i.hi.value >= 0;
}

Interval reciprocal(const Interval& y) {
    Interval out;
    out.lo = {1 / y.hi.value, y.hi.open, y.hi.because, {}};
    out.hi = {1 / y.lo.value, y.lo.open, y.lo.because, {}};
    return out;
}

Interval negate(const Interval& y) {
    Interval out;
    out.lo = {-y.hi.value, y.hi.open, y.hi.because, {}};
    out.hi = {-y.lo.value, y.lo.open, y.lo.because, {}};
    return out;
}

Interval add(const Interval& x, const Interval& y) {
    Interval out;
    const double lo = x.lo.value + y.lo.value;
    const double hi = x.hi.value + y.hi.value;
    out.lo = {
        std::isnan(lo) ? -inf : lo, x.lo.open || y.lo.open, merge(x.lo.because, y.lo.because), {}};
    out.hi = {
        std::isnan(hi) ? inf : hi, x.hi.open || y.hi.open, merge(x.hi.because, y.hi.because), {}};
    return out;
}

/// Solves one system: intersects the domains, then narrows through the relations to a fixpoint.
class Solver {
public:
    Solver(std::size_t variables, const std::vector<Relation>& relations,
           const std::vector<bool>& positive, std::vector<std::string> names, int max_rounds)
        : values_(variables), relations_(relations), names_(std::move(names)),
          max_rounds_(max_rounds) {
        for (std::size_t v = 0; v < variables; ++v) {
            if (positive[v]) {
                values_[v].lo = {0, true, {}, {}}; // growth factors: a level never changes sign
            }
        }
    }

    /// Returns the conflict when the system has no solution.
    std::optional<Conflict> solve(const std::vector<Domain>& domains) {
        for (const Domain& d : domains) {
            Interval i = d.interval;
            i.lo.because = merge(i.lo.because, {d.constraint});
            i.hi.because = merge(i.hi.because, {d.constraint});
            if (auto conflict = narrow(d.var, i)) {
                return conflict;
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

    const std::vector<Interval>& values() const { return values_; }

private:
    std::optional<Conflict> apply(const Relation& r) {
        const Interval& z = values_[r.z];
        const Interval& x = values_[r.x];
        const Interval& y = values_[r.y];
        if (r.op == Relation::Op::product) {
            std::optional<Conflict> c = narrow(r.z, multiply(x, y), r, '*', r.x, r.y);
            if (!c && !contains_zero(values_[r.y])) {
                c = narrow(r.x, multiply(values_[r.z], reciprocal(values_[r.y])), r, '/', r.z, r.y);
            }
            if (!c && !contains_zero(values_[r.x])) {
                c = narrow(r.y, multiply(values_[r.z], reciprocal(values_[r.x])), r, '/', r.z, r.x);
            }
            return c;
        }
        std::optional<Conflict> c = narrow(r.z, add(x, y), r, '+', r.x, r.y);
        if (!c) {
            c = narrow(r.x, add(values_[r.z], negate(values_[r.y])), r, '-', r.z, r.y);
        }
        if (!c) {
            c = narrow(r.y, add(values_[r.z], negate(values_[r.x])), r, '-', r.z, r.x);
        }
        (void)z;
        return c;
    }

    /// Whether a candidate bound narrows the current one. Movements below a relative 1e-12 do
    /// not count, so cyclic relations (levels, factors, cumulative factors) reach a fixpoint.
    static bool tighter_lo(const Bound& candidate, const Bound& current) {
        if (std::isnan(candidate.value)) {
            return false;
        }
        if (candidate.value > current.value) {
            return std::isinf(current.value) ||
                   candidate.value - current.value > 1e-12 * std::max(1.0, std::abs(current.value));
        }
        return candidate.value == current.value && !std::isinf(candidate.value) && candidate.open &&
               !current.open;
    }
    static bool tighter_hi(const Bound& candidate, const Bound& current) {
        if (std::isnan(candidate.value)) {
            return false;
        }
        if (candidate.value < current.value) {
            return std::isinf(current.value) ||
                   current.value - candidate.value > 1e-12 * std::max(1.0, std::abs(current.value));
        }
        return candidate.value == current.value && !std::isinf(candidate.value) && candidate.open &&
               !current.open;
    }

    std::optional<Conflict> narrow(VarId v, Interval candidate, const Relation& r, char op, VarId a,
                                   VarId b) {
        const std::string how = fmt::format("{} {} {}", names_[a], op, names_[b]);
        candidate.lo.because = merge(candidate.lo.because, {r.constraint});
        candidate.hi.because = merge(candidate.hi.because, {r.constraint});
        candidate.lo.how = how;
        candidate.hi.how = how;
        return narrow(v, candidate);
    }

    std::optional<Conflict> narrow(VarId v, const Interval& candidate) {
        Interval& current = values_[v];
        if (tighter_lo(candidate.lo, current.lo)) {
            current.lo = candidate.lo;
            changed_ = true;
        }
        if (tighter_hi(candidate.hi, current.hi)) {
            current.hi = candidate.hi;
            changed_ = true;
        }
        if (current.empty()) {
            return Conflict{v, current.lo, current.hi};
        }
        return std::nullopt;
    }

    std::vector<Interval> values_;
    const std::vector<Relation>& relations_;
    std::vector<std::string> names_;
    int max_rounds_;
    bool changed_ = false;
};

/// The names the `how` of a bound uses for variables: `level(output, 2025)`.
std::vector<std::string> variable_names(const Derivation& d) {
    std::vector<std::string> names;
    for (const Variable& v : d.variables) {
        switch (v.kind) {
        case VarKind::level:
            names.push_back(fmt::format("level({}, {})", v.series, v.year));
            break;
        case VarKind::factor:
            names.push_back(fmt::format("(1 + growth({}, {}))", v.series, v.year));
            break;
        case VarKind::cumulative:
            names.push_back(fmt::format("(1 + change({}, {}..{}))", v.series, v.from_year, v.year));
            break;
        case VarKind::aux:
            names.emplace_back(v.series == "1" ? "1" : "…");
            break;
        }
    }
    return names;
}

} // namespace

Outcome solve(const PlanSystem& system, const std::vector<Domain>& domains, int max_rounds) {
    const Derivation& d = *system.derivation;
    Solver solver(d.variables.size(), system.relations, system.positive, variable_names(d),
                  max_rounds);
    std::vector<Domain> all = system.fixed;
    all.insert(all.end(), domains.begin(), domains.end());
    Outcome o;
    o.conflict = solver.solve(all);
    o.values = solver.values();
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
    if (s.nominal.conflict) {
        s.nominal = solve(system, system.nominal, max_rounds);
    }
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
