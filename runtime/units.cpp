#include "runtime/units.hpp"

#include "runtime/names.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <functional>
#include <limits>

namespace ingot::runtime {

namespace {

using Exponents = std::array<std::int8_t, dim_count>;

constexpr Exponents only(Dim dim, std::int8_t power = 1) {
    Exponents e{};
    e[static_cast<std::size_t>(dim)] = power;
    return e;
}

constexpr Exponents per_time(Exponents e) {
    e[static_cast<std::size_t>(Dim::time)] = -1;
    return e;
}

// Families name dimensions in messages ("a mass", "money (CNY)") and in the list of known units.
enum class Family : std::uint8_t {
    mass,
    money,
    energy,
    emissions,
    area,
    volume,
    power,
    time,
    count
};

struct UnitWord {
    std::string_view word;
    Family family;
    Exponents exponents;
    double scale;                  // base units per one of this word
    std::string_view same_as = {}; // for a Chinese word, the unit word it is an alias of: 吨 = t
};

// Exact by definition: a Julian year, 1 kWh = 1 kW · 1 h, 1 tce = 29.3076 GJ. Every scale below is
// an integer below 2^53, so it and its products with the scale words are exact doubles.
constexpr double year_seconds = 365.25 * 86400;
constexpr double hour_seconds = 3600;
constexpr double kwh_joules = 1e3 * hour_seconds;
constexpr double tce_joules = 29.3076e9;

constexpr Exponents mass = only(Dim::mass);
constexpr Exponents energy = only(Dim::energy);
constexpr Exponents count = only(Dim::count);

// The built-in unit words. The table is immutable, so the registry and the arithmetic below (which
// picks display units for products and quotients) share it without any mutable global state.
// Order matters: it is the order of words() and of "did you mean" ties.
constexpr UnitWord unit_words[] = {
    {"t", Family::mass, mass, 1},
    {"kt", Family::mass, mass, 1e3},
    {"Mt", Family::mass, mass, 1e6},
    {"Gt", Family::mass, mass, 1e9},
    {"CNY", Family::money, only(Dim::cny), 1},
    {"USD", Family::money, only(Dim::usd), 1},
    {"EUR", Family::money, only(Dim::eur), 1},
    {"tce", Family::energy, energy, tce_joules},
    {"kgce", Family::energy, energy, tce_joules / 1e3}, // kg of coal equivalent: kgce/t intensities
    {"kWh", Family::energy, energy, kwh_joules},
    {"MWh", Family::energy, energy, kwh_joules * 1e3},
    {"GWh", Family::energy, energy, kwh_joules * 1e6},
    {"TWh", Family::energy, energy, kwh_joules * 1e9},
    {"J", Family::energy, energy, 1},
    {"tCO2", Family::emissions, only(Dim::co2), 1},
    {"MtCO2", Family::emissions, only(Dim::co2), 1e6},
    {"m2", Family::area, only(Dim::length, 2), 1},
    {"km2", Family::area, only(Dim::length, 2), 1e6},
    {"m3", Family::volume, only(Dim::length, 3), 1},
    {"kW", Family::power, per_time(energy), 1e3},
    {"MW", Family::power, per_time(energy), 1e6},
    {"GW", Family::power, per_time(energy), 1e9},
    {"yr", Family::time, only(Dim::time), year_seconds},
    {"h", Family::time, only(Dim::time), hour_seconds},
    // Counts: `count` and the nouns plans count. All one dimension, so 5 firms + 3 cities is 8
    // (firms): the noun is for reading, not for checking.
    {"count", Family::count, count, 1},
    {"units", Family::count, count, 1},
    {"vehicles", Family::count, count, 1},
    {"products", Family::count, count, 1},
    {"items", Family::count, count, 1},
    {"firms", Family::count, count, 1},
    {"projects", Family::count, count, 1},
    {"cities", Family::count, count, 1},
    {"provinces", Family::count, count, 1},
    {"factories", Family::count, count, 1},
    {"areas", Family::count, count, 1},
    {"tasks", Family::count, count, 1},
    {"measures", Family::count, count, 1},
    {"bases", Family::count, count, 1},
    {"enterprises", Family::count, count, 1},
    {"clusters", Family::count, count, 1},
    // Chinese unit words, as the sources write them, each an alias of a word above. A scale word
    // may stand right before one in the same run of ideographs: 万吨 is 万 吨, that is `wan t`.
    {"吨", Family::mass, mass, 1, "t"},
    {"元", Family::money, only(Dim::cny), 1, "CNY"},
    {"千瓦时", Family::energy, energy, kwh_joules, "kWh"},
    {"吨标准煤", Family::energy, energy, tce_joules, "tce"},
};

struct ScaleWord {
    std::string_view word;
    double scale;
    std::string_view same_as = {}; // for a Chinese scale word, its romanised alias: 万 = wan
};

// Scale words go before any unit word of a plain unit: `bn CNY`, `mn vehicles`, and also `wan t`
// (万吨) and `yi kWh` (亿千瓦时), which Chinese plans write as often as money. The Chinese scale
// words are aliases: 万 = wan, 亿 = yi, 万亿 = tn (10¹²).
constexpr ScaleWord scale_words[] = {{"k", 1e3},         {"mn", 1e6},       {"bn", 1e9},
                                     {"tn", 1e12},       {"wan", 1e4},      {"yi", 1e8},
                                     {"万", 1e4, "wan"}, {"亿", 1e8, "yi"}, {"万亿", 1e12, "tn"}};

constexpr std::string_view percent_message = "`%` can only stand alone, or as `%/yr` or `% y/y`";

// One sentence, so that it reads as the tail of "unknown unit `x`; …".
constexpr std::string_view families_message =
    "units are mass (t, kt, Mt, Gt), money (CNY, USD, EUR with k, mn, bn, tn, wan, yi), energy "
    "(tce, kgce, kWh, MWh, GWh, TWh, J), emissions (tCO2, MtCO2), area (m2, km2), volume (m3), "
    "power "
    "(kW, MW, GW), time (yr, h), counts (count, units, vehicles, firms, …) and ratios (%, pp, "
    "%/yr); in Chinese 吨, 元, 千瓦时, 吨标准煤 with 万, 亿, 万亿";

const UnitWord* find_unit_word(std::string_view word) {
    for (const UnitWord& u : unit_words) {
        if (u.word == word) {
            return &u;
        }
    }
    return nullptr;
}

const ScaleWord* find_scale_word(std::string_view word) {
    for (const ScaleWord& s : scale_words) {
        if (s.word == word) {
            return &s;
        }
    }
    return nullptr;
}

bool chinese_word(std::string_view word) {
    return !word.empty() && static_cast<unsigned char>(word.front()) >= 0x80;
}

// A Chinese word that is a scale word and a unit word written as one run, as the sources write
// them: 万吨 → {万, 吨}, 万亿元 → {万亿, 元}, 万千瓦时 → {万, 千瓦时}. The longest scale word wins,
// so 万亿元 is 10¹² 元, not 万 亿元. Nullopt when `word` is no such pair.
std::optional<std::pair<std::string, std::string>>
split_chinese(std::string_view word, const std::function<bool(std::string_view)>& is_unit) {
    if (!chinese_word(word)) {
        return std::nullopt;
    }
    std::optional<std::pair<std::string, std::string>> best;
    for (const ScaleWord& s : scale_words) {
        if (!chinese_word(s.word) || !word.starts_with(s.word) || word.size() == s.word.size()) {
            continue;
        }
        const std::string_view rest = word.substr(s.word.size());
        if (is_unit(rest) && (!best || best->first.size() < s.word.size())) {
            best = std::pair{std::string(s.word), std::string(rest)};
        }
    }
    return best;
}

// 10³, 10⁶, …: how the magnitude notes of unit suggestions write a power of ten.
std::string power_of_ten(double factor) {
    const double exponent = std::round(std::log10(factor));
    if (std::abs(std::pow(10.0, exponent) - factor) > 1e-9 * factor || exponent < 1) {
        return fmt::format("{:g} ×", factor);
    }
    static constexpr std::string_view superscripts[] = {"⁰", "¹", "²", "³", "⁴",
                                                        "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out = "10";
    for (const char digit : std::to_string(static_cast<int>(exponent))) {
        out += superscripts[static_cast<std::size_t>(digit - '0')];
    }
    return out;
}

// SI prefixes as unit words use them; `K` is read as `k` (no one writes kelvin-tonnes).
std::optional<char> magnitude_prefix(char c) {
    switch (c) {
    case 'k':
    case 'K':
        return 'k';
    case 'M':
    case 'G':
    case 'T':
    case 'm': // milli: `mt` is not `Mt`
        return c;
    default:
        return std::nullopt;
    }
}

std::string join_parts(const std::vector<std::vector<std::string>>& parts) {
    std::string out;
    for (std::size_t g = 0; g < parts.size(); ++g) {
        if (g > 0) {
            out += '/';
        }
        for (std::size_t w = 0; w < parts[g].size(); ++w) {
            if (w > 0) {
                out += ' ';
            }
            out += parts[g][w];
        }
    }
    return out;
}

Unit make_ratio(UnitKind kind, std::string symbol) {
    Unit u;
    u.scale = 0.01;
    u.kind = kind;
    u.symbol = std::move(symbol);
    return u;
}

// ---- describing dimensions ----

struct DimensionName {
    std::string_view noun; // "a mass", "money"
    Family family;
};

std::optional<DimensionName> dimension_name(const Exponents& e) {
    static constexpr DimensionName names[] = {
        {"a mass", Family::mass},  {"energy", Family::energy},   {"emissions", Family::emissions},
        {"an area", Family::area}, {"a volume", Family::volume}, {"power", Family::power},
        {"a time", Family::time},  {"a count", Family::count}};
    for (const DimensionName& n : names) {
        for (const UnitWord& u : unit_words) {
            if (u.family == n.family && u.exponents == e) {
                return n;
            }
        }
    }
    if (e == only(Dim::cny) || e == only(Dim::usd) || e == only(Dim::eur)) {
        return DimensionName{"money", Family::money};
    }
    return std::nullopt;
}

std::string_view currency_of(const Exponents& e) {
    if (e == only(Dim::usd)) {
        return "USD";
    }
    if (e == only(Dim::eur)) {
        return "EUR";
    }
    return "CNY";
}

// A symbol made of one unit per dimension with scale 1 (time in years, since plans are yearly):
// "t·CNY", "CNY/t/yr", "1/t". Used only when no written form of a product or quotient fits.
struct GenericUnit {
    std::string symbol;
    double scale = 1;
};

GenericUnit generic_unit(const Exponents& e) {
    static constexpr std::array<std::string_view, dim_count> words = {
        "t", "tCO2", "J", "m", "yr", "count", "CNY", "USD", "EUR"};
    GenericUnit out;
    std::string numerator;
    std::string denominator;
    for (std::size_t i = 0; i < dim_count; ++i) {
        if (e[i] == 0) {
            continue;
        }
        const int power = std::abs(static_cast<int>(e[i]));
        const double word_scale = i == static_cast<std::size_t>(Dim::time) ? year_seconds : 1.0;
        std::string word(words[i]);
        if (power > 1) {
            word += std::to_string(power);
        }
        if (e[i] > 0) {
            numerator += (numerator.empty() ? "" : "·") + word;
            out.scale *= std::pow(word_scale, power);
        } else {
            denominator += "/" + word;
            out.scale /= std::pow(word_scale, power);
        }
    }
    out.symbol = (numerator.empty() ? std::string("1") : numerator) + denominator;
    return out;
}

// ---- display units of products and quotients ----

bool same_scale(double a, double b) {
    return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

// The unit of an exact dimensionless number: what `2` is in `2 * x`.
bool pure_number(const Unit& u) {
    return u.kind == UnitKind::plain && u.dimensionless() && u.scale == 1 && u.symbol.empty();
}

Unit number_unit() {
    return Unit{};
}

bool is_ratio(const Unit& u) {
    return u.kind != UnitKind::plain;
}

std::vector<std::string> symbol_words(const Unit& a, const Unit& b) {
    std::vector<std::string> out;
    for (const std::string* symbol : {&a.symbol, &b.symbol}) {
        std::string word;
        for (const char c : *symbol + " ") {
            if (c == ' ' || c == '/') {
                if (!word.empty()) {
                    out.push_back(word);
                }
                word.clear();
            } else {
                word += c;
            }
        }
    }
    return out;
}

// Picks how to show a plain product or quotient of `a` and `b` whose dimension is `e` and whose
// scale, in the operands' units, is `scale`. Only the display changes: the quantity's base value is
// the same whichever unit shows it. In order of preference:
//   1. a pure number when the dimensions cancel (`Mt / t` shows the plain ratio);
//   2. one unit word, possibly with a scale word, that shows the value exactly in the operands'
//      terms (Mt × CNY/t → `mn CNY`, kW × h → `kWh`), words the operands use first;
//   3. `preferred`: the caller's spelling (`CNY/t` for CNY / t);
//   4. a unit word of that dimension the operands use, at its own scale (tce/wan CNY × bn CNY →
//      `tce`), then any unit word of that dimension;
//   5. the generic form with one base unit per dimension (`t·CNY`).
Unit display_unit(const Exponents& e, double scale, const Unit& a, const Unit& b,
                  const std::optional<Unit>& preferred) {
    Unit out;
    out.exponents = e;
    if (out.dimensionless()) {
        return out;
    }
    const std::vector<std::string> used = symbol_words(a, b);
    const auto is_used = [&](std::string_view w) {
        return std::find(used.begin(), used.end(), w) != used.end();
    };
    std::vector<const UnitWord*> candidates; // words the operands use first
    // Aliases (吨 for t) and `kgce` (a finer tce) are display units only where an operand uses
    // them: `tce/wan CNY` × `bn CNY` is shown in tce, not in `yi kgce`.
    const auto spelling_only = [](const UnitWord& u) {
        return !u.same_as.empty() || u.word == "kgce";
    };
    for (const bool want_used : {true, false}) {
        for (const UnitWord& u : unit_words) {
            if (u.exponents == e && is_used(u.word) == want_used &&
                (want_used || !spelling_only(u))) {
                candidates.push_back(&u);
            }
        }
    }
    for (const UnitWord* u : candidates) {
        if (same_scale(u->scale, scale)) {
            out.scale = u->scale;
            out.symbol = std::string(u->word);
            return out;
        }
    }
    for (const UnitWord* u : candidates) {
        for (const ScaleWord& s : scale_words) {
            if (same_scale(s.scale * u->scale, scale)) {
                out.scale = s.scale * u->scale;
                out.symbol = fmt::format("{} {}", s.word, u->word);
                return out;
            }
        }
    }
    if (preferred && preferred->exponents == e) {
        return *preferred;
    }
    if (!candidates.empty()) {
        out.scale = candidates.front()->scale;
        out.symbol = std::string(candidates.front()->word);
        return out;
    }
    GenericUnit g = generic_unit(e);
    out.scale = g.scale;
    out.symbol = std::move(g.symbol);
    return out;
}

bool add_exponents(const Exponents& a, const Exponents& b, int sign, Exponents& out) {
    for (std::size_t i = 0; i < dim_count; ++i) {
        const int v = a[i] + sign * b[i];
        if (v < std::numeric_limits<std::int8_t>::min() ||
            v > std::numeric_limits<std::int8_t>::max()) {
            return false;
        }
        out[i] = static_cast<std::int8_t>(v);
    }
    return true;
}

QuantityResult failure(std::string message) {
    return QuantityResult{std::nullopt, std::move(message)};
}

QuantityResult success(double base_value, Unit unit) {
    return QuantityResult{Quantity{base_value, std::move(unit)}, {}};
}

QuantityResult too_complex(const Quantity& a, const Quantity& b, std::string_view verb) {
    return failure(fmt::format("cannot {} {} by {}: the result has too high a power of a dimension",
                               verb, a.unit.describe_with_symbol(), b.unit.describe_with_symbol()));
}

// Product of two plain units. A pure number keeps the other operand's unit (2 × 5 bn CNY).
QuantityResult plain_product(const Quantity& a, const Quantity& b) {
    const double value = a.base_value * b.base_value;
    if (pure_number(a.unit)) {
        return success(value, b.unit);
    }
    if (pure_number(b.unit)) {
        return success(value, a.unit);
    }
    Exponents e{};
    if (!add_exponents(a.unit.exponents, b.unit.exponents, 1, e)) {
        return too_complex(a, b, "multiply");
    }
    // Times a dimensionless factor such as `t/t`, the other operand's unit still fits.
    std::optional<Unit> preferred;
    if (a.unit.dimensionless()) {
        preferred = b.unit;
    } else if (b.unit.dimensionless()) {
        preferred = a.unit;
    }
    return success(value, display_unit(e, a.unit.scale * b.unit.scale, a.unit, b.unit, preferred));
}

// Quotient of two plain units. Dividing by a pure number keeps the dividend's unit.
QuantityResult plain_quotient(const Quantity& a, const Quantity& b) {
    const double value = a.base_value / b.base_value;
    if (pure_number(b.unit)) {
        return success(value, a.unit);
    }
    Exponents e{};
    if (!add_exponents(a.unit.exponents, b.unit.exponents, -1, e)) {
        return too_complex(a, b, "divide");
    }
    // `a/b` as written is itself a unit when b is a single group: `CNY/t`, `tce/wan CNY`,
    // `CNY/t/yr` (groups after the first all divide).
    std::optional<Unit> written;
    if (b.unit.symbol.find('/') == std::string::npos) {
        Unit u;
        u.exponents = e;
        u.scale = a.unit.scale / b.unit.scale;
        u.symbol = (a.unit.symbol.empty() ? std::string("1") : a.unit.symbol) + "/" + b.unit.symbol;
        written = std::move(u);
    }
    return success(value, display_unit(e, a.unit.scale / b.unit.scale, a.unit, b.unit, written));
}

std::string cannot(std::string_view verb, const Unit& a, std::string_view joiner, const Unit& b) {
    return fmt::format("cannot {} {} {} {}", verb, a.describe_with_symbol(), joiner,
                       b.describe_with_symbol());
}

QuantityResult additive(const Quantity& a, const Quantity& b, bool subtracting) {
    const double value = subtracting ? a.base_value - b.base_value : a.base_value + b.base_value;
    const UnitKind ka = a.unit.kind;
    const UnitKind kb = b.unit.kind;
    // A share is a level and points a difference of levels: level − level = difference,
    // level ± difference = level, difference + level = level. A difference minus a level means
    // nothing, so pp − % falls through to the error below.
    if (ka == UnitKind::share && kb == UnitKind::share) {
        return success(value, subtracting ? points_unit() : a.unit);
    }
    if (ka == UnitKind::share && kb == UnitKind::points) {
        return success(value, a.unit);
    }
    if (ka == UnitKind::points && kb == UnitKind::share && !subtracting) {
        return success(value, b.unit);
    }
    if (a.unit.compatible(b.unit)) {
        return success(value, a.unit); // plain with plain, pp with pp, rate with rate
    }
    return failure(subtracting ? cannot("subtract", b.unit, "from", a.unit)
                               : cannot("add", a.unit, "and", b.unit));
}

} // namespace

// ---- Unit ----

bool Unit::compatible(const Unit& other) const {
    return exponents == other.exponents && kind == other.kind;
}

bool Unit::dimensionless() const {
    return std::all_of(exponents.begin(), exponents.end(), [](std::int8_t e) { return e == 0; });
}

std::string Unit::describe() const {
    switch (kind) {
    case UnitKind::share:
        return "a share (%)";
    case UnitKind::points:
        return "percentage points (pp)";
    case UnitKind::rate:
        return "a rate (%/yr)";
    case UnitKind::plain:
        break;
    }
    if (dimensionless()) {
        return "a number";
    }
    if (const auto name = dimension_name(exponents)) {
        if (name->family == Family::money) {
            return fmt::format("money ({})", currency_of(exponents));
        }
        return std::string(name->noun);
    }
    return "a quantity in " + (symbol.empty() ? generic_unit(exponents).symbol : symbol);
}

bool Unit::may_be_negative() const {
    if (kind != UnitKind::plain) {
        return false;
    }
    if (dimensionless()) {
        return true;
    }
    const auto name = dimension_name(exponents);
    return name && name->family == Family::money;
}

std::string Unit::describe_with_symbol() const {
    if (kind != UnitKind::plain) {
        return describe();
    }
    if (dimensionless()) {
        return symbol.empty() ? "a number" : fmt::format("a number ({})", symbol);
    }
    if (const auto name = dimension_name(exponents)) {
        if (name->family == Family::money) {
            return fmt::format("money ({})", symbol.empty() ? currency_of(exponents) : symbol);
        }
        if (symbol.empty() || symbol == "count") {
            return std::string(name->noun);
        }
        return fmt::format("{} ({})", name->noun, symbol);
    }
    return describe();
}

Unit share_unit() {
    return make_ratio(UnitKind::share, "%");
}
Unit points_unit() {
    return make_ratio(UnitKind::points, "pp");
}
Unit rate_unit() {
    return make_ratio(UnitKind::rate, "%/yr");
}

Unit count_unit() {
    Unit u;
    u.exponents = count;
    u.symbol = "count";
    return u;
}

Quantity make_quantity(double value_in_unit, Unit unit) {
    const double base = value_in_unit * unit.scale;
    return Quantity{base, std::move(unit)};
}

// ---- UnitRegistry ----

// The registry's built-in words are the immutable tables above; an instance holds only the host's
// words, added before the Engine that owns it is built and never changed after.
UnitRegistry::UnitRegistry() = default;

std::optional<UnitRegistry::Word> UnitRegistry::find_unit(std::string_view word) const {
    if (const UnitWord* u = find_unit_word(word)) {
        return Word{std::string(u->word), u->exponents, u->scale};
    }
    for (const Word& w : host_units_) {
        if (w.word == word) {
            return w;
        }
    }
    return std::nullopt;
}

std::optional<double> UnitRegistry::find_scale(std::string_view word) const {
    if (const ScaleWord* s = find_scale_word(word)) {
        return s->scale;
    }
    for (const auto& [name, scale] : host_scales_) {
        if (name == word) {
            return scale;
        }
    }
    return std::nullopt;
}

bool UnitRegistry::add_unit(std::string name, double factor, std::string_view of,
                            std::string& error) {
    if (name.empty() || find_unit(name) || find_scale(name) || name == "pp") {
        error = fmt::format("unit word `{}` is already defined (or empty)", name);
        return false;
    }
    if (!(factor > 0) || !std::isfinite(factor)) {
        error = fmt::format("unit `{}` needs a positive, finite factor", name);
        return false;
    }
    const auto base = lookup(of, error);
    if (!base) {
        return false;
    }
    if (base->kind != UnitKind::plain) {
        error = fmt::format("unit `{}` must be defined over a plain unit, not `{}`", name, of);
        return false;
    }
    host_units_.push_back({std::move(name), base->exponents, factor * base->scale});
    return true;
}

bool UnitRegistry::add_scale(std::string name, double factor, std::string& error) {
    if (name.empty() || find_unit(name) || find_scale(name) || name == "pp") {
        error = fmt::format("scale word `{}` is already defined (or empty)", name);
        return false;
    }
    if (!(factor > 0) || !std::isfinite(factor)) {
        error = fmt::format("scale word `{}` needs a positive, finite factor", name);
        return false;
    }
    host_scales_.emplace_back(std::move(name), factor);
    return true;
}

std::string UnitRegistry::magnitude_note(std::string_view written,
                                         std::string_view suggested) const {
    const auto word = find_unit(suggested);
    if (!word || suggested.size() < 2 || !magnitude_prefix(suggested.front())) {
        return {};
    }
    // The same unit without the suggestion's prefix: `Mt` → `t`, `MWh` → `kWh`, `km2` → `m2`.
    const std::string rest(suggested.substr(1));
    for (const std::string& plain : {rest, "k" + rest}) {
        const auto base = find_unit(plain);
        if (plain == suggested || !base || base->exponents != word->exponents) {
            continue;
        }
        const bool other_magnitude =
            magnitude_prefix(written.front()) != magnitude_prefix(suggested.front());
        return fmt::format(" `{}` is {} {}{}", suggested, power_of_ten(word->scale / base->scale),
                           plain, other_magnitude ? " — check the magnitude" : "");
    }
    return {};
}

std::optional<std::string>
UnitRegistry::correction(const std::vector<std::vector<std::string>>& parts) const {
    std::vector<std::vector<std::string>> fixed = parts;
    int unknown = 0;
    for (auto& group : fixed) {
        for (std::string& word : group) {
            if (word == "%" || word == "pp" || find_unit(word) || find_scale(word) ||
                split_chinese(
                    word, [this](std::string_view rest) { return find_unit(rest).has_value(); })) {
                continue;
            }
            const auto near = did_you_mean(word, words());
            if (!near || ++unknown > 1) {
                return std::nullopt;
            }
            word = *near;
        }
    }
    if (unknown != 1) {
        return std::nullopt;
    }
    std::string error;
    if (!lookup(fixed, error)) {
        return std::nullopt;
    }
    return join_parts(fixed);
}

std::vector<std::string> UnitRegistry::words() const {
    std::vector<std::string> out;
    for (const UnitWord& u : unit_words) {
        out.emplace_back(u.word);
    }
    for (const Word& w : host_units_) {
        out.push_back(w.word);
    }
    for (const ScaleWord& s : scale_words) {
        out.emplace_back(s.word);
    }
    for (const auto& s : host_scales_) {
        out.push_back(s.first);
    }
    out.emplace_back("%");
    out.emplace_back("pp");
    return out;
}

std::vector<std::string> UnitRegistry::scales() const {
    std::vector<std::string> out;
    for (const ScaleWord& s : scale_words) {
        out.emplace_back(s.word);
    }
    for (const auto& s : host_scales_) {
        out.push_back(s.first);
    }
    return out;
}

std::vector<UnitRegistry::Listing> UnitRegistry::listing() const {
    // Each dimension's factors are given in one reference word: the table's word of that
    // dimension with the smallest scale, the first of equals (t, CNY, J, tCO2, m2, kW, h, count).
    const auto reference = [](const Exponents& e) -> std::pair<std::string, double> {
        const UnitWord* best = nullptr;
        for (const UnitWord& u : unit_words) {
            if (u.exponents == e && (best == nullptr || u.scale < best->scale)) {
                best = &u;
            }
        }
        if (best == nullptr) { // a host word of a compound dimension: the generic form
            const GenericUnit g = generic_unit(e);
            return {g.symbol, g.scale};
        }
        return {std::string(best->word), best->scale};
    };
    const auto dimension = [](const Exponents& e) {
        Unit u;
        u.exponents = e;
        return u.describe();
    };
    std::vector<Listing> out;
    for (const UnitWord& u : unit_words) {
        const auto [of, scale] = reference(u.exponents);
        out.push_back({std::string(u.word), false, dimension(u.exponents), u.scale / scale, of,
                       std::string(u.same_as), false});
    }
    for (const Word& w : host_units_) {
        const auto [of, scale] = reference(w.exponents);
        out.push_back({w.word, false, dimension(w.exponents), w.scale / scale, of, {}, true});
    }
    for (const ScaleWord& s : scale_words) {
        out.push_back({std::string(s.word), true, {}, s.scale, {}, std::string(s.same_as), false});
    }
    for (const auto& [name, scale] : host_scales_) {
        out.push_back({name, true, {}, scale, {}, {}, true});
    }
    for (const Unit& ratio : {share_unit(), points_unit(), rate_unit()}) {
        out.push_back({ratio.symbol, false, ratio.describe(), ratio.scale, {}, {}, false});
    }
    return out;
}

std::optional<Unit> UnitRegistry::lookup(const std::vector<std::vector<std::string>>& parts,
                                         std::string& error) const {
    error.clear();
    if (parts.empty()) {
        error = "a unit needs at least one word";
        return std::nullopt;
    }
    const std::string written = join_parts(parts);
    for (const auto& group : parts) {
        if (group.empty() || std::any_of(group.begin(), group.end(),
                                         [](const std::string& w) { return w.empty(); })) {
            error = fmt::format("unit `{}` has an empty part; write a word on each side of `/`",
                                written);
            return std::nullopt;
        }
    }

    // Ratios: only these exact spellings. A ratio never takes a scale word and never enters a
    // compound: `%/t` or `bn %` would lose the kind that keeps shares, points and rates apart.
    using Parts = std::vector<std::vector<std::string>>;
    if (parts == Parts{{"%"}}) {
        return share_unit();
    }
    if (parts == Parts{{"%"}, {"yr"}} || parts == Parts{{"%", "y"}, {"y"}}) {
        return rate_unit();
    }
    if (parts == Parts{{"pp"}}) {
        return points_unit();
    }
    for (const auto& group : parts) {
        for (const std::string& word : group) {
            if (word == "%") {
                error = std::string(percent_message);
                return std::nullopt;
            }
            if (word == "pp") {
                error = "`pp` can only stand alone";
                return std::nullopt;
            }
        }
    }

    // A Chinese scale word and unit word written as one run (万吨) read as the two words.
    Parts words_of = parts;
    for (auto& group : words_of) {
        for (std::size_t w = 0; w < group.size(); ++w) {
            if (find_unit(group[w]) || find_scale(group[w])) {
                continue;
            }
            const auto pair = split_chinese(
                group[w], [this](std::string_view rest) { return find_unit(rest).has_value(); });
            if (!pair) {
                if (const auto near = did_you_mean(group[w], words())) {
                    error = fmt::format("unknown unit `{}`; did you mean `{}`?{}", group[w], *near,
                                        magnitude_note(group[w], *near));
                } else {
                    error = fmt::format("unknown unit `{}`; {}", group[w], families_message);
                }
                return std::nullopt;
            }
            group[w] = pair->first;
            group.insert(group.begin() + static_cast<std::ptrdiff_t>(w) + 1, pair->second);
            ++w;
        }
    }

    // Each group is one unit word with at most one scale word before it.
    Unit unit;
    for (std::size_t g = 0; g < words_of.size(); ++g) {
        const auto& group = words_of[g];
        std::optional<std::pair<std::string, double>> scale_word;
        std::optional<Word> unit_word;
        for (const std::string& word : group) {
            if (const auto s = find_scale(word)) {
                if (unit_word) {
                    error = fmt::format("scale word `{}` must come before its unit, as in `{} {}`",
                                        word, word, unit_word->word);
                    return std::nullopt;
                }
                if (scale_word) {
                    error = fmt::format("`{} {}` has two scale words; write one, such as `bn` or "
                                        "`yi`, before the unit",
                                        scale_word->first, word);
                    return std::nullopt;
                }
                scale_word = std::pair{word, *s};
                continue;
            }
            const auto u = find_unit(word);
            if (unit_word) {
                error = fmt::format("`{} {}` has two units in one group; combine units with `/`, "
                                    "as in `{}/{}`",
                                    unit_word->word, u->word, unit_word->word, u->word);
                return std::nullopt;
            }
            unit_word = u;
        }
        if (!unit_word) {
            error = fmt::format("scale word `{}` needs a unit after it, as in `{} CNY`",
                                scale_word->first, scale_word->first);
            return std::nullopt;
        }
        const double group_scale = (scale_word ? scale_word->second : 1.0) * unit_word->scale;
        if (g == 0) {
            unit.scale = group_scale;
        } else {
            unit.scale /= group_scale;
        }
        if (!add_exponents(unit.exponents, unit_word->exponents, g == 0 ? 1 : -1, unit.exponents)) {
            error = fmt::format("unit `{}` has too high a power of a dimension", written);
            return std::nullopt;
        }
    }
    unit.symbol = written;
    return unit;
}

std::optional<Unit> UnitRegistry::lookup(std::string_view text, std::string& error) const {
    std::vector<std::vector<std::string>> parts;
    if (text.find_first_not_of(" \t") == std::string_view::npos) {
        return lookup(parts, error);
    }
    parts.emplace_back();
    std::string word;
    const auto end_word = [&] {
        if (!word.empty()) {
            parts.back().push_back(word);
            word.clear();
        }
    };
    for (const char c : text) {
        if (c == '/') {
            end_word();
            parts.emplace_back();
        } else if (c == ' ' || c == '\t') {
            end_word();
        } else {
            word += c;
        }
    }
    end_word();
    return lookup(parts, error);
}

// ---- formatting ----

std::string format_value(double value_in_unit, const Unit& unit, int digits) {
    digits = std::clamp(digits, 1, 17);
    std::string number;
    const double magnitude = std::abs(value_in_unit);
    if (std::isnan(value_in_unit)) {
        number = "NaN";
    } else if (std::isinf(value_in_unit)) {
        number = value_in_unit < 0 ? "-∞" : "∞";
    } else if (value_in_unit == 0) {
        number = "0"; // also -0
    } else {
        char buffer[128];
        // The exponent of the value as rounded to `digits` (9.996 → 1.00e+01), which decides how
        // many decimals give `digits` significant digits.
        std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value_in_unit);
        const char* e_mark = std::strchr(buffer, 'e');
        const int exponent = std::atoi(e_mark + 1);
        const bool scientific = magnitude >= 1e15 || magnitude < 1e-15;
        if (scientific) {
            number.assign(buffer, static_cast<std::size_t>(e_mark - buffer));
        } else {
            // Never fewer digits than the integer part: 1005.09 → "1005", not "1.01e3".
            const int decimals = std::max(0, digits - 1 - exponent);
            std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value_in_unit);
            number = buffer;
        }
        if (number.find('.') != std::string::npos) {
            number.erase(number.find_last_not_of('0') + 1);
            if (number.back() == '.') {
                number.pop_back();
            }
        }
        if (scientific) {
            number += fmt::format("e{}", exponent);
        }
        if (number == "-0") {
            number = "0";
        }
    }
    return unit.symbol.empty() ? number : number + " " + unit.symbol;
}

std::string format_quantity(const Quantity& q, int digits) {
    return format_value(q.in_unit(), q.unit, digits);
}

// ---- arithmetic ----

QuantityResult add(const Quantity& a, const Quantity& b) {
    return additive(a, b, false);
}

QuantityResult subtract(const Quantity& a, const Quantity& b) {
    return additive(a, b, true);
}

// A ratio (share, points, rate) times a plain unit acts as a fraction: 300 bn CNY × 5 % = 15 bn
// CNY; a pure number scales a ratio and keeps its kind: 2 × 5 % = 10 %. Between ratios, a share is
// a fraction of the other (50 % × 4 pp = 2 pp, 50 % × 6 %/yr = 3 %/yr); any other pair is an
// error: points × points has no meaning, and two rates combine by compounding,
// (1 + a)(1 + b) − 1, which a plain product would silently get wrong.
QuantityResult multiply(const Quantity& a, const Quantity& b) {
    const double value = a.base_value * b.base_value;
    const bool ra = is_ratio(a.unit);
    const bool rb = is_ratio(b.unit);
    if (!ra && !rb) {
        return plain_product(a, b);
    }
    if (ra != rb) {
        const Unit& ratio = ra ? a.unit : b.unit;
        const Unit& plain = ra ? b.unit : a.unit;
        return success(value, plain.dimensionless() ? ratio : plain);
    }
    if (a.unit.kind == UnitKind::share) {
        return success(value, b.unit);
    }
    if (b.unit.kind == UnitKind::share) {
        return success(value, a.unit);
    }
    if (a.unit.kind == UnitKind::rate && b.unit.kind == UnitKind::rate) {
        return failure(cannot("multiply", a.unit, "by", b.unit) +
                       ": rates compound, they do not multiply");
    }
    return failure(cannot("multiply", a.unit, "by", b.unit));
}

// Dividing by a ratio divides by the fraction (15 bn CNY / 5 % = 300 bn CNY; 1 / 5 % = 20); a
// ratio divided by a pure number keeps its kind (5 % / 2 = 2.5 %). Two ratios of one kind give a
// pure number; any ratio divided by a share keeps its kind (2 pp / 50 % = 4 pp); other pairs are
// errors.
QuantityResult divide(const Quantity& a, const Quantity& b) {
    const double value = a.base_value / b.base_value;
    const bool ra = is_ratio(a.unit);
    const bool rb = is_ratio(b.unit);
    if (!ra && !rb) {
        return plain_quotient(a, b);
    }
    if (!ra) { // plain / ratio
        return success(value, a.unit.dimensionless() ? number_unit() : a.unit);
    }
    if (!rb) { // ratio / plain
        if (b.unit.dimensionless()) {
            return success(value, a.unit);
        }
        return plain_quotient(Quantity{a.base_value, number_unit()}, b);
    }
    if (a.unit.kind == b.unit.kind) {
        return success(value, number_unit());
    }
    if (b.unit.kind == UnitKind::share) {
        return success(value, a.unit);
    }
    return failure(cannot("divide", a.unit, "by", b.unit));
}

// Comparison: compatible units, or share with points (both are fractions of a whole). NaN (0 / 0)
// has no order, so comparing it is an error rather than a silent "equal" or "less".
std::optional<int> compare(const Quantity& a, const Quantity& b, std::string& error) {
    error.clear();
    const auto fraction = [](const Unit& u) {
        return u.kind == UnitKind::share || u.kind == UnitKind::points;
    };
    if (!a.unit.compatible(b.unit) && !(fraction(a.unit) && fraction(b.unit))) {
        error = cannot("compare", a.unit, "with", b.unit);
        return std::nullopt;
    }
    if (std::isnan(a.base_value) || std::isnan(b.base_value)) {
        error = "cannot compare an undefined value (NaN)";
        return std::nullopt;
    }
    return a.base_value < b.base_value ? -1 : (a.base_value > b.base_value ? 1 : 0);
}

} // namespace ingot::runtime
