// Fuzz target: units and quantity arithmetic (runtime/units.cpp). The bytes choose unit texts
// (mostly the registry's own words joined by spaces and `/`, sometimes raw text), values (any
// double: huge, tiny, negative, infinite, NaN), and a sequence of operations: lookup, add,
// subtract, multiply, divide, compare, formatting. Nothing may crash or run into undefined
// behaviour (float->int casts of huge values included). Properties checked:
//  - a failed lookup says why, a failed operation says why;
//  - a unit is compatible with itself, and compatibility is symmetric;
//  - compare(a, a) is 0 for any finite a.
#include "runtime/units.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace ingot::runtime;

const UnitRegistry& registry() {
    static const UnitRegistry units;
    return units;
}

const std::vector<std::string>& words() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> w = registry().words();
        for (const char* extra : {"%", "pp", "%/yr", "% y/y", "yr", "y/y", "/", "count"}) {
            w.emplace_back(extra);
        }
        return w;
    }();
    return all;
}

std::string unit_text(FuzzedDataProvider& in) {
    if (in.ConsumeIntegralInRange(0, 7) == 0) {
        return in.ConsumeRandomLengthString(24);
    }
    std::string text;
    const int count = in.ConsumeIntegralInRange(1, 4);
    for (int i = 0; i < count; ++i) {
        if (i > 0) {
            text += in.ConsumeBool() ? " " : "/";
        }
        text += words()[in.ConsumeIntegralInRange<std::size_t>(0, words().size() - 1)];
    }
    return text;
}

double value(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0:
        return in.ConsumeFloatingPoint<double>(); // any finite double
    case 1:
        return in.PickValueInArray({0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 1e-308, 5e-324, HUGE_VAL,
                                    -HUGE_VAL, std::nan(""), 1e15, 1e16, 9.9e18, 2e19});
    default:
        return static_cast<double>(in.ConsumeIntegralInRange<std::int64_t>(-100000, 100000)) /
               100.0;
    }
}

void require(bool ok) {
    if (!ok) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    std::vector<Quantity> quantities;
    while (in.remaining_bytes() > 0 && quantities.size() < 16) {
        std::string error;
        const std::string text = unit_text(in);
        const std::optional<Unit> unit = registry().lookup(text, error);
        if (!unit) {
            require(!error.empty());
            continue;
        }
        require(unit->compatible(*unit));
        (void)unit->describe();
        (void)unit->describe_with_symbol();
        const Quantity q = make_quantity(value(in), *unit);
        (void)format_quantity(q, in.ConsumeIntegralInRange(1, 17));
        if (std::isfinite(q.base_value)) {
            std::string compare_error;
            const std::optional<int> self = compare(q, q, compare_error);
            require(self && *self == 0);
        }
        quantities.push_back(q);
    }
    for (std::size_t i = 0; i + 1 < quantities.size(); ++i) {
        const Quantity& a = quantities[i];
        const Quantity& b = quantities[i + 1];
        require(a.unit.compatible(b.unit) == b.unit.compatible(a.unit));
        for (const auto& op : {add, subtract, multiply, divide}) {
            const QuantityResult r = op(a, b);
            if (r.value) {
                (void)format_quantity(*r.value);
                (void)r.value->unit.describe_with_symbol();
            } else {
                require(!r.error.empty());
            }
        }
        std::string error;
        if (!compare(a, b, error)) {
            require(!error.empty());
        }
    }
    return 0;
}
