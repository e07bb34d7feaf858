// Units and quantities.
//
// A Unit is a product of powers of base dimensions times an exact scale, plus a kind that keeps
// apart three things that are all "percent" on paper:
//   share   `%`     a part of a whole, or a cumulative change (0.05 = 5 %)
//   points  `pp`    a difference of two percentages
//   rate    `%/yr`  a yearly growth rate (also written `% y/y`)
// Quantities store their magnitude in base units (t, CNY, J, m, s, count, …) as a double, and
// remember the unit they were written in for display. Currencies are separate dimensions: no
// currency converts into another without a rate the user gives.
//
// Base dimensions: mass (t), co2 (tCO2), energy (J), length (m), time (s), count, CNY, USD, EUR.
// Energy units are related exactly by definition: 1 kWh = 3.6 MJ, 1 tce = 29.3076 GJ.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime {

enum class Dim : std::uint8_t { mass, co2, energy, length, time, count, cny, usd, eur };
inline constexpr std::size_t dim_count = 9;

enum class UnitKind : std::uint8_t { plain, share, points, rate };

struct Unit {
    std::array<std::int8_t, dim_count> exponents{}; // all zero: dimensionless
    double scale = 1;                               // base units per one of this unit
    UnitKind kind = UnitKind::plain;
    std::string symbol; // as written, normalised: `%/yr`, `bn CNY`

    /// Same dimension and kind (then values convert by scale).
    bool compatible(const Unit& other) const;
    bool dimensionless() const;
    /// Whether a level in this unit may be below zero: plain numbers and money (a profit, a
    /// balance) may; masses, energy, counts, shares and the like may not.
    bool may_be_negative() const;
    /// A short description of the dimension for messages: "a mass", "a rate", "money (CNY)",
    /// "a share", "a count", "energy per money (tce/wan CNY)", …
    std::string describe() const;
    /// describe() with the unit as written where it adds something, for messages that name
    /// both operands: "a mass (Mt)", "money (bn CNY)", "a count (vehicles)", "a share (%)".
    std::string describe_with_symbol() const;
};

/// Units by name: the registry of words, scale words and how they combine.
class UnitRegistry {
public:
    UnitRegistry(); // the built-in units of docs/checks.md

    /// Looks up the unit written as `parts` (the AST's groups: words before the first `/`, then
    /// each group after a `/`). On failure returns nullopt and sets `error` to a sentence naming
    /// the unknown word (with a "did you mean" when a known word is close) or the bad combination.
    std::optional<Unit> lookup(const std::vector<std::vector<std::string>>& parts,
                               std::string& error) const;
    /// Convenience for tests and the prelude: parses "bn CNY", "%/yr", "tce/wan CNY".
    std::optional<Unit> lookup(std::string_view text, std::string& error) const;

    /// The unit `parts` most likely meant when exactly one of its words is unknown and close to
    /// a known one: `bn CNYY` → `bn CNY`. Nullopt otherwise.
    std::optional<std::string> correction(const std::vector<std::vector<std::string>>& parts) const;

    /// Every unit word and scale word, for suggestions and docs.
    std::vector<std::string> words() const;
    /// The scale words alone (`bn`, `wan`, the host's), in words()' order.
    std::vector<std::string> scales() const;

    /// Adds the host's unit word `name`, meaning `factor` × the unit written `of` (`ktce` =
    /// 1000 × `tce`). Returns false and sets `error` when `name` is taken or `of` is not a
    /// plain unit this registry knows.
    bool add_unit(std::string name, double factor, std::string_view of, std::string& error);
    /// Adds the host's scale word `name` (`lakh` = 1e5). Returns false and sets `error` when
    /// the name is taken or the factor is not positive and finite.
    bool add_scale(std::string name, double factor, std::string& error);

    /// One word of the registry as `ingot units` lists it.
    struct Listing {
        std::string word;
        bool scale_word = false; // `bn`, `万`; else a unit word (`Mt`, `吨`) or a ratio (`%`)
        std::string dimension;   // "mass", "money (CNY)", "a share"; empty for a scale word
        double factor = 1;       // of `of` per one of this word (10⁶ for `Mt` of `t`)
        std::string of;          // the unit `factor` is in: `t`, `J`; empty for a scale word
        std::string same_as;     // the word this one is an alias of: 万 → wan, 吨 → t
        bool host = false;       // added by the host (EngineBuilder::define_unit/define_scale)
    };
    /// Every unit word, then every scale word, then `%`, `pp`, `%/yr`: built-in words in the
    /// order of words(), the host's after them.
    std::vector<Listing> listing() const;

    /// A unit word's dimension and scale; built-in words first, then the host's.
    struct Word {
        std::string word;
        std::array<std::int8_t, dim_count> exponents{};
        double scale = 1;
    };

private:
    std::optional<Word> find_unit(std::string_view word) const;
    /// What a "did you mean" says when the suggested word has an SI prefix: " `Mt` is 10⁶ t",
    /// with " — check the magnitude" when the prefix means another magnitude than the written
    /// one's (`mt`: milli, not mega). Empty when the suggestion has no prefix.
    std::string magnitude_note(std::string_view written, std::string_view suggested) const;
    std::optional<double> find_scale(std::string_view word) const;

    std::vector<Word> host_units_;
    std::vector<std::pair<std::string, double>> host_scales_;
};

/// The canonical units.
Unit share_unit();  // %
Unit points_unit(); // pp
Unit rate_unit();   // %/yr
Unit count_unit();  // dimensionless count (`count`)

/// A magnitude in base units with the unit it is shown in.
struct Quantity {
    double base_value = 0; // in base units (for share/points/rate: as a fraction, 0.05 = 5 %)
    Unit unit;

    /// The value expressed in its own unit: 5 for 5 %/yr, 79.19 for 79.19 Mt.
    double in_unit() const { return base_value / unit.scale; }
};

/// The quantity written as `value_in_unit` in `unit` (300 with `bn CNY` is 3e11 CNY).
Quantity make_quantity(double value_in_unit, Unit unit);

/// Formats a value expressed in `unit` (e.g. 3.4482 with `%/yr`) with `digits` significant
/// digits, trimming trailing zeros: "3.45 %/yr", "19.99 Mt", "300 bn CNY". Large and small
/// magnitudes stay in plain notation up to 1e15.
std::string format_value(double value_in_unit, const Unit& unit, int digits = 3);
std::string format_quantity(const Quantity& q, int digits = 3);

/// Result of arithmetic on quantities: the value, or a sentence saying why the units disagree.
struct QuantityResult {
    std::optional<Quantity> value;
    std::string error; // set when !value: "cannot add a mass (Mt) and money (bn CNY)"
};

/// Dimension-checked arithmetic. Rules: a + b and a - b need compatible units (shown in a's
/// unit), except share ± points = share, and share − share = points (a difference of two
/// percentages is in pp); rate ± rate = rate. a * b and a / b multiply dimensions (share,
/// points and rate factors act as plain fractions when combined with a plain unit).
QuantityResult add(const Quantity& a, const Quantity& b);
QuantityResult subtract(const Quantity& a, const Quantity& b);
QuantityResult multiply(const Quantity& a, const Quantity& b);
QuantityResult divide(const Quantity& a, const Quantity& b);
/// Comparison needs compatible units (share vs points compare as fractions). Returns nullopt
/// and sets `error` when the units disagree; otherwise a <=> b on base values.
std::optional<int> compare(const Quantity& a, const Quantity& b, std::string& error);

} // namespace ingot::runtime
