// Tests runtime/units.cpp: the unit registry, descriptions, formatting and checked arithmetic.
// Tables list every built-in word, so adding a word without a test fails the coverage check below.
#include "runtime/units.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>
#include <utility>

namespace {

using namespace ingot::runtime;
using Exponents = std::array<std::int8_t, dim_count>;
using Parts = std::vector<std::vector<std::string>>;

const UnitRegistry registry;

Exponents ex(std::initializer_list<std::pair<Dim, int>> powers = {}) {
    Exponents e{};
    for (const auto& [dim, power] : powers) {
        e[static_cast<std::size_t>(dim)] = static_cast<std::int8_t>(power);
    }
    return e;
}

Unit unit(std::string_view text) {
    std::string error;
    const auto u = registry.lookup(text, error);
    INFO("unit `" << text << "`: " << error);
    REQUIRE(u);
    CHECK(error.empty());
    return *u;
}

std::string lookup_error(std::string_view text) {
    std::string error;
    const auto u = registry.lookup(text, error);
    INFO("unit `" << text << "`");
    CHECK_FALSE(u);
    return error;
}

/// A quantity as written: q(300, "bn CNY"); an empty unit is a pure number.
Quantity q(double value, std::string_view text) {
    return make_quantity(value, text.empty() ? Unit{} : unit(text));
}

const Exponents mass = ex({{Dim::mass, 1}});
const Exponents energy = ex({{Dim::energy, 1}});
const Exponents co2 = ex({{Dim::co2, 1}});
const Exponents count = ex({{Dim::count, 1}});
const Exponents power = ex({{Dim::energy, 1}, {Dim::time, -1}});
const Exponents time = ex({{Dim::time, 1}});
const Exponents none = ex();

constexpr double year = 365.25 * 86400;

struct WordCase {
    std::string_view text;
    Exponents exponents;
    double scale;
    UnitKind kind;
    std::string_view description;
};

// Every built-in unit word and ratio spelling.
const std::vector<WordCase> word_cases = {
    {"t", mass, 1, UnitKind::plain, "a mass"},
    {"kt", mass, 1e3, UnitKind::plain, "a mass"},
    {"Mt", mass, 1e6, UnitKind::plain, "a mass"},
    {"Gt", mass, 1e9, UnitKind::plain, "a mass"},
    {"CNY", ex({{Dim::cny, 1}}), 1, UnitKind::plain, "money (CNY)"},
    {"USD", ex({{Dim::usd, 1}}), 1, UnitKind::plain, "money (USD)"},
    {"EUR", ex({{Dim::eur, 1}}), 1, UnitKind::plain, "money (EUR)"},
    {"tce", energy, 29307600000.0, UnitKind::plain, "energy"},
    {"kgce", energy, 29307600.0, UnitKind::plain, "energy"},
    {"kWh", energy, 3.6e6, UnitKind::plain, "energy"},
    {"MWh", energy, 3.6e9, UnitKind::plain, "energy"},
    {"GWh", energy, 3.6e12, UnitKind::plain, "energy"},
    {"TWh", energy, 3.6e15, UnitKind::plain, "energy"},
    {"J", energy, 1, UnitKind::plain, "energy"},
    {"tCO2", co2, 1, UnitKind::plain, "emissions"},
    {"MtCO2", co2, 1e6, UnitKind::plain, "emissions"},
    {"m2", ex({{Dim::length, 2}}), 1, UnitKind::plain, "an area"},
    {"km2", ex({{Dim::length, 2}}), 1e6, UnitKind::plain, "an area"},
    {"m3", ex({{Dim::length, 3}}), 1, UnitKind::plain, "a volume"},
    {"kW", power, 1e3, UnitKind::plain, "power"},
    {"MW", power, 1e6, UnitKind::plain, "power"},
    {"GW", power, 1e9, UnitKind::plain, "power"},
    {"yr", time, 31557600, UnitKind::plain, "a time"},
    {"h", time, 3600, UnitKind::plain, "a time"},
    {"count", count, 1, UnitKind::plain, "a count"},
    {"units", count, 1, UnitKind::plain, "a count"},
    {"vehicles", count, 1, UnitKind::plain, "a count"},
    {"products", count, 1, UnitKind::plain, "a count"},
    {"items", count, 1, UnitKind::plain, "a count"},
    {"firms", count, 1, UnitKind::plain, "a count"},
    {"projects", count, 1, UnitKind::plain, "a count"},
    {"cities", count, 1, UnitKind::plain, "a count"},
    {"provinces", count, 1, UnitKind::plain, "a count"},
    {"factories", count, 1, UnitKind::plain, "a count"},
    {"areas", count, 1, UnitKind::plain, "a count"},
    {"tasks", count, 1, UnitKind::plain, "a count"},
    {"measures", count, 1, UnitKind::plain, "a count"},
    {"bases", count, 1, UnitKind::plain, "a count"},
    {"enterprises", count, 1, UnitKind::plain, "a count"},
    {"clusters", count, 1, UnitKind::plain, "a count"},
    {"吨", mass, 1, UnitKind::plain, "a mass"},
    {"元", ex({{Dim::cny, 1}}), 1, UnitKind::plain, "money (CNY)"},
    {"千瓦时", energy, 3.6e6, UnitKind::plain, "energy"},
    {"吨标准煤", energy, 29307600000.0, UnitKind::plain, "energy"},
    {"%", none, 0.01, UnitKind::share, "a share (%)"},
    {"pp", none, 0.01, UnitKind::points, "percentage points (pp)"},
    {"%/yr", none, 0.01, UnitKind::rate, "a rate (%/yr)"},
};

} // namespace

TEST_CASE("every unit word has its dimension, exact scale and description", "[units]") {
    for (const WordCase& c : word_cases) {
        INFO("unit `" << c.text << "`");
        const Unit u = unit(c.text);
        CHECK(u.exponents == c.exponents);
        CHECK(u.scale == c.scale); // exact: every scale is defined exactly
        CHECK(u.kind == c.kind);
        CHECK(u.symbol == c.text);
        CHECK(u.describe() == c.description);
    }
}

TEST_CASE("words() lists exactly the tested unit words and the scale words", "[units]") {
    std::set<std::string> expected = {"k", "mn", "bn", "tn", "wan", "yi", "万", "亿", "万亿"};
    for (const WordCase& c : word_cases) {
        if (c.text != "%/yr") {
            expected.emplace(c.text);
        }
    }
    const auto words = registry.words();
    CHECK(std::set<std::string>(words.begin(), words.end()) == expected);
    CHECK(words.size() == expected.size()); // no duplicates
}

TEST_CASE("definitions that must hold exactly", "[units]") {
    CHECK(unit("kWh").scale == unit("kW").scale * unit("h").scale); // kWh = kW·h
    CHECK(unit("kWh").exponents == ex({{Dim::energy, 1}}));
    CHECK(unit("tce").scale == 29.3076e9);
    CHECK(unit("yr").scale == year);
    CHECK(unit("TWh").scale == 1e9 * unit("kWh").scale);
}

TEST_CASE("scale words multiply the unit word after them", "[units]") {
    struct Case {
        std::string_view text;
        Exponents exponents;
        double scale;
    };
    const Case cases[] = {
        {"k CNY", ex({{Dim::cny, 1}}), 1e3},
        {"mn CNY", ex({{Dim::cny, 1}}), 1e6},
        {"bn CNY", ex({{Dim::cny, 1}}), 1e9},
        {"tn CNY", ex({{Dim::cny, 1}}), 1e12},
        {"wan CNY", ex({{Dim::cny, 1}}), 1e4},
        {"yi CNY", ex({{Dim::cny, 1}}), 1e8},
        {"bn USD", ex({{Dim::usd, 1}}), 1e9},
        {"mn EUR", ex({{Dim::eur, 1}}), 1e6},
        {"mn vehicles", count, 1e6},
        {"wan t", mass, 1e4},
        {"yi kWh", energy, 3.6e14},
        {"k firms", count, 1e3},
    };
    for (const Case& c : cases) {
        INFO("unit `" << c.text << "`");
        const Unit u = unit(c.text);
        CHECK(u.exponents == c.exponents);
        CHECK(u.scale == c.scale);
        CHECK(u.kind == UnitKind::plain);
        CHECK(u.symbol == c.text);
    }
}

TEST_CASE("Chinese units as the sources write them are aliases of the others", "[units]") {
    struct Case {
        std::string_view text;
        std::string_view same_as;
    };
    // A scale word and a unit word in one run of ideographs (万吨) read as the two words (万 吨).
    const Case cases[] = {
        {"万吨", "wan t"},      {"亿吨", "yi t"},          {"万元", "wan CNY"},
        {"亿元", "yi CNY"},     {"万亿元", "tn CNY"},      {"万千瓦时", "wan kWh"},
        {"亿千瓦时", "yi kWh"}, {"万吨标准煤", "wan tce"}, {"万 吨", "wan t"},
        {"万 t", "wan t"},      {"wan 吨", "wan t"},       {"tce/万元", "tce/wan CNY"},
        {"元/吨", "CNY/t"},     {"千瓦时/吨", "kWh/t"},    {"万亿 元", "tn CNY"},
    };
    for (const Case& c : cases) {
        INFO("unit `" << c.text << "`");
        const Unit u = unit(c.text);
        const Unit same = unit(c.same_as);
        CHECK(u.exponents == same.exponents);
        CHECK(u.scale == same.scale);
        CHECK(u.symbol == c.text); // shown as written
    }
    CHECK(q(2000, "万吨").base_value == q(20, "Mt").base_value);
    CHECK(q(1.5, "亿吨").base_value == q(150, "Mt").base_value);
    CHECK(q(3000, "亿元").base_value == q(300, "bn CNY").base_value);
    CHECK(q(1.2, "万亿元").base_value == q(1.2, "tn CNY").base_value);
    CHECK(format_quantity(q(2000, "万吨")) == "2000 万吨");
    CHECK(unit("万吨").describe_with_symbol() == "a mass (万吨)");
    CHECK(unit("亿元").describe_with_symbol() == "money (亿元)");
}

TEST_CASE("per-unit intensities and counts of things", "[units]") {
    CHECK(unit("kgce/t").exponents == ex({{Dim::energy, 1}, {Dim::mass, -1}}));
    CHECK(q(1000, "kgce/t").base_value == q(1, "tce/t").base_value);
    CHECK(unit("kWh/t").scale == 3.6e6);
    CHECK(unit("tce/t").compatible(unit("kgce/t")));
    CHECK(unit("kWh/t").compatible(unit("kgce/t")));
    CHECK(q(5, "enterprises").base_value == q(5, "count").base_value);
    CHECK(unit("k enterprises").scale == 1e3);
    CHECK(unit("clusters").compatible(unit("projects")));
}

TEST_CASE("scale words give exact conversions between money spellings", "[units]") {
    CHECK(q(300, "bn CNY").base_value == q(3000, "yi CNY").base_value);
    CHECK(q(300, "bn CNY").base_value == 3e11);
    CHECK(q(1, "wan CNY").base_value == 1e4);
    CHECK(q(1, "wan CNY").base_value == q(1e4, "CNY").base_value);
    CHECK(q(2, "tn CNY").base_value == q(2000, "bn CNY").base_value);
    CHECK(q(1, "mn vehicles").base_value == q(1e6, "vehicles").base_value);
    CHECK(unit("bn CNY").compatible(unit("yi CNY")));
    CHECK_FALSE(unit("bn CNY").compatible(unit("bn USD")));
}

TEST_CASE("the parts form and the text form agree and normalise spacing", "[units]") {
    std::string error;
    const auto from_parts = registry.lookup(Parts{{"bn", "CNY"}}, error);
    REQUIRE(from_parts);
    CHECK(from_parts->symbol == "bn CNY");
    CHECK(from_parts->scale == 1e9);
    CHECK(unit("  bn \t  CNY ").symbol == "bn CNY");
    const auto compound = registry.lookup(Parts{{"tce"}, {"wan", "CNY"}}, error);
    REQUIRE(compound);
    CHECK(compound->symbol == "tce/wan CNY");
    CHECK(compound->scale == unit("tce/wan CNY").scale);
}

TEST_CASE("compound units divide by each group after the first", "[units]") {
    struct Case {
        std::string_view text;
        Exponents exponents;
        double scale;
        std::string_view description;
    };
    const Case cases[] = {
        {"CNY/t", ex({{Dim::cny, 1}, {Dim::mass, -1}}), 1, "a quantity in CNY/t"},
        {"tce/wan CNY", ex({{Dim::energy, 1}, {Dim::cny, -1}}), 29.3076e9 / 1e4,
         "a quantity in tce/wan CNY"},
        {"t/yr", ex({{Dim::mass, 1}, {Dim::time, -1}}), 1 / year, "a quantity in t/yr"},
        {"kWh/t", ex({{Dim::energy, 1}, {Dim::mass, -1}}), 3.6e6, "a quantity in kWh/t"},
        {"bn CNY/Mt", ex({{Dim::cny, 1}, {Dim::mass, -1}}), 1e3, "a quantity in bn CNY/Mt"},
        {"CNY/t/yr", ex({{Dim::cny, 1}, {Dim::mass, -1}, {Dim::time, -1}}), 1 / year,
         "a quantity in CNY/t/yr"},
        {"kWh/h", power, 1e3, "power"},
        {"t/t", none, 1, "a number"},
    };
    for (const Case& c : cases) {
        INFO("unit `" << c.text << "`");
        const Unit u = unit(c.text);
        CHECK(u.exponents == c.exponents);
        CHECK(u.scale == Approx(c.scale).epsilon(1e-15));
        CHECK(u.kind == UnitKind::plain);
        CHECK(u.symbol == c.text);
        CHECK(u.describe() == c.description);
    }
    CHECK(unit("tce/wan CNY").scale == 2930760); // exact
}

TEST_CASE("ratios: `%`, `pp`, and both spellings of the rate", "[units]") {
    const Unit rate = unit("%/yr");
    const Unit yoy = unit("% y/y");
    CHECK(yoy.symbol == "%/yr");
    CHECK(yoy.kind == UnitKind::rate);
    CHECK(yoy.scale == rate.scale);
    CHECK(yoy.exponents == rate.exponents);
    CHECK(yoy.compatible(rate));
    std::string error;
    const auto from_parts = registry.lookup(Parts{{"%", "y"}, {"y"}}, error);
    REQUIRE(from_parts);
    CHECK(from_parts->symbol == "%/yr");

    CHECK(unit("%").compatible(share_unit()));
    CHECK(unit("pp").compatible(points_unit()));
    CHECK(rate.compatible(rate_unit()));
    CHECK_FALSE(share_unit().compatible(points_unit()));
    CHECK_FALSE(share_unit().compatible(rate_unit()));
    CHECK_FALSE(share_unit().compatible(Unit{})); // a share is not a plain number
    CHECK(share_unit().dimensionless());
    CHECK(rate_unit().symbol == "%/yr");

    const Unit c = count_unit();
    CHECK(c.symbol == "count");
    CHECK(c.exponents == count);
    CHECK(c.scale == 1);
    CHECK_FALSE(c.dimensionless());
    CHECK(c.compatible(unit("vehicles")));
}

TEST_CASE("descriptions with the unit as written", "[units]") {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"Mt", "a mass (Mt)"},
        {"CNY", "money (CNY)"},
        {"bn CNY", "money (bn CNY)"},
        {"wan EUR", "money (wan EUR)"},
        {"TWh", "energy (TWh)"},
        {"MtCO2", "emissions (MtCO2)"},
        {"km2", "an area (km2)"},
        {"m3", "a volume (m3)"},
        {"GW", "power (GW)"},
        {"yr", "a time (yr)"},
        {"vehicles", "a count (vehicles)"},
        {"count", "a count"},
        {"%", "a share (%)"},
        {"pp", "percentage points (pp)"},
        {"% y/y", "a rate (%/yr)"},
        {"CNY/t", "a quantity in CNY/t"},
        {"t/t", "a number (t/t)"},
    };
    for (const auto& [text, description] : cases) {
        INFO("unit `" << text << "`");
        CHECK(unit(text).describe_with_symbol() == description);
    }
    CHECK(Unit{}.describe() == "a number");
    CHECK(Unit{}.describe_with_symbol() == "a number");
    CHECK(unit("bn CNY").describe() == "money (CNY)");
}

TEST_CASE("lookup errors say exactly what is wrong", "[units]") {
    const std::string families =
        "units are mass (t, kt, Mt, Gt), money (CNY, USD, EUR with k, mn, bn, tn, wan, yi), energy "
        "(tce, kgce, kWh, MWh, GWh, TWh, J), emissions (tCO2, MtCO2), area (m2, km2), volume (m3), "
        "power (kW, MW, GW), time (yr, h), counts (count, units, vehicles, firms, …) and ratios "
        "(%, "
        "pp, %/yr); in Chinese 吨, 元, 千瓦时, 吨标准煤 with 万, 亿, 万亿";
    const std::string percent = "`%` can only stand alone, or as `%/yr` or `% y/y`";
    const std::pair<std::string_view, std::string> cases[] = {
        // unknown words, with a suggestion when one is close
        // a suggestion with a magnitude prefix says its magnitude, and warns when the written
        // prefix meant another one (`m` is milli)
        {"Mtt", "unknown unit `Mtt`; did you mean `Mt`? `Mt` is 10⁶ t"},
        {"mt", "unknown unit `mt`; did you mean `Mt`? `Mt` is 10⁶ t — check the magnitude"},
        {"Kt", "unknown unit `Kt`; did you mean `kt`? `kt` is 10³ t"},
        {"gwh", "unknown unit `gwh`; did you mean `GWh`? `GWh` is 10⁶ kWh — check the magnitude"},
        {"mwh", "unknown unit `mwh`; did you mean `MWh`? `MWh` is 10³ kWh — check the magnitude"},
        {"Km2", "unknown unit `Km2`; did you mean `km2`? `km2` is 10⁶ m2"},
        {"mtCO2", "unknown unit `mtCO2`; did you mean `MtCO2`? `MtCO2` is 10⁶ tCO2 — check the "
                  "magnitude"},
        {"kwh", "unknown unit `kwh`; did you mean `kWh`?"},
        {"TCO2", "unknown unit `TCO2`; did you mean `tCO2`?"},
        {"vehicle", "unknown unit `vehicle`; did you mean `vehicles`?"},
        {"t/y", "unknown unit `y`; did you mean `yr`?"},
        {"bn cny", "unknown unit `cny`; did you mean `CNY`?"},
        {"widgets", "unknown unit `widgets`; " + families},
        {"x", "unknown unit `x`; " + families},
        {"Mt copper", "unknown unit `copper`; " + families},
        {"万桶", "unknown unit `万桶`; " + families},
        {"吨吨", "unknown unit `吨吨`; " + families},
        {"万 万吨",
         "`万 万` has two scale words; write one, such as `bn` or `yi`, before the unit"},
        {"万", "scale word `万` needs a unit after it, as in `万 CNY`"},
        // `%` and `pp` outside their spellings
        {"%/t", percent},
        {"t/%", percent},
        {"bn %", percent},
        {"% yr", percent},
        {"%/y", percent},
        {"% y/yr", percent},
        {"pp/yr", "`pp` can only stand alone"},
        // scale words
        {"bn", "scale word `bn` needs a unit after it, as in `bn CNY`"},
        {"tce/wan", "scale word `wan` needs a unit after it, as in `wan CNY`"},
        {"wan yi CNY", "`wan yi` has two scale words; write one, such as `bn` or `yi`, before the "
                       "unit"},
        {"CNY bn", "scale word `bn` must come before its unit, as in `bn CNY`"},
        // groups
        {"t CNY", "`t CNY` has two units in one group; combine units with `/`, as in `t/CNY`"},
        {"", "a unit needs at least one word"},
        {"  ", "a unit needs at least one word"},
        {"CNY/", "unit `CNY/` has an empty part; write a word on each side of `/`"},
        {"/t", "unit `/t` has an empty part; write a word on each side of `/`"},
        {"CNY//t", "unit `CNY//t` has an empty part; write a word on each side of `/`"},
    };
    for (const auto& [text, message] : cases) {
        INFO("unit `" << text << "`");
        CHECK(lookup_error(text) == message);
    }

    std::string error;
    CHECK_FALSE(registry.lookup(Parts{}, error));
    CHECK(error == "a unit needs at least one word");
    CHECK_FALSE(registry.lookup(Parts{{"CNY"}, {}}, error));
    CHECK(error == "unit `CNY/` has an empty part; write a word on each side of `/`");
    CHECK(registry.lookup("t", error)); // success clears an earlier error
    CHECK(error.empty());
}

namespace {

enum class Op { add, subtract, multiply, divide };

QuantityResult apply(const Quantity& a, Op op, const Quantity& b) {
    switch (op) {
    case Op::add:
        return add(a, b);
    case Op::subtract:
        return subtract(a, b);
    case Op::multiply:
        return multiply(a, b);
    case Op::divide:
        return divide(a, b);
    }
    return {};
}

const char* op_text(Op op) {
    switch (op) {
    case Op::add:
        return "+";
    case Op::subtract:
        return "-";
    case Op::multiply:
        return "*";
    case Op::divide:
        return "/";
    }
    return "?";
}

struct Operand {
    double value;
    std::string_view unit; // empty: a pure number
};

} // namespace

TEST_CASE("arithmetic: results and the units they are shown in", "[units]") {
    struct Case {
        Operand a;
        Op op;
        Operand b;
        double value; // in the result's unit
        std::string_view symbol;
        UnitKind kind;
    };
    const Case cases[] = {
        // percentages
        {{5, "%"}, Op::add, {2, "pp"}, 7, "%", UnitKind::share},
        {{5, "%"}, Op::subtract, {2, "pp"}, 3, "%", UnitKind::share},
        {{2, "pp"}, Op::add, {5, "%"}, 7, "%", UnitKind::share},
        {{5, "%"}, Op::subtract, {3, "%"}, 2, "pp", UnitKind::points},
        {{5, "%"}, Op::add, {3, "%"}, 8, "%", UnitKind::share},
        {{3, "pp"}, Op::subtract, {1, "pp"}, 2, "pp", UnitKind::points},
        {{5, "%/yr"}, Op::add, {1, "% y/y"}, 6, "%/yr", UnitKind::rate},
        {{5, "%/yr"}, Op::subtract, {1, "%/yr"}, 4, "%/yr", UnitKind::rate},
        // levels, shown in the first operand's unit
        {{1, "Mt"}, Op::add, {500, "kt"}, 1.5, "Mt", UnitKind::plain},
        {{500, "kt"}, Op::add, {1, "Mt"}, 1500, "kt", UnitKind::plain},
        {{300, "bn CNY"}, Op::add, {3000, "yi CNY"}, 600, "bn CNY", UnitKind::plain},
        {{300, "bn CNY"}, Op::subtract, {1, "tn CNY"}, -700, "bn CNY", UnitKind::plain},
        {{5, "firms"}, Op::add, {3, "cities"}, 8, "firms", UnitKind::plain},
        // products
        {{79.19, "Mt"}, Op::multiply, {5000, "CNY/t"}, 395950, "mn CNY", UnitKind::plain},
        {{3, "t"}, Op::multiply, {2, "CNY/t"}, 6, "CNY", UnitKind::plain},
        {{1, "kW"}, Op::multiply, {1, "h"}, 1, "kWh", UnitKind::plain},
        {{0.49, "tce/wan CNY"}, Op::multiply, {300, "bn CNY"}, 14700000, "tce", UnitKind::plain},
        {{2, ""}, Op::multiply, {3, "Mt"}, 6, "Mt", UnitKind::plain},
        {{2, "t"}, Op::multiply, {3, "CNY"}, 6, "t·CNY", UnitKind::plain},
        {{4, "CNY/t"}, Op::multiply, {1, "t/t"}, 4, "CNY/t", UnitKind::plain},
        // ratios as factors
        {{300, "bn CNY"}, Op::multiply, {5, "%"}, 15, "bn CNY", UnitKind::plain},
        {{5, "%"}, Op::multiply, {300, "bn CNY"}, 15, "bn CNY", UnitKind::plain},
        {{2, ""}, Op::multiply, {5, "%"}, 10, "%", UnitKind::share},
        {{50, "%"}, Op::multiply, {4, "pp"}, 2, "pp", UnitKind::points},
        {{6, "%/yr"}, Op::multiply, {50, "%"}, 3, "%/yr", UnitKind::rate},
        {{50, "%"}, Op::multiply, {40, "%"}, 20, "%", UnitKind::share},
        // quotients
        {{20, "Mt"}, Op::divide, {16, "Mt"}, 1.25, "", UnitKind::plain},
        {{1, "Mt"}, Op::divide, {1, "t"}, 1e6, "", UnitKind::plain},
        {{100, "CNY"}, Op::divide, {4, "t"}, 25, "CNY/t", UnitKind::plain},
        {{1000, "kWh"}, Op::divide, {2, "t"}, 500, "kWh/t", UnitKind::plain},
        {{10, "Mt"}, Op::divide, {2, "yr"}, 5, "Mt/yr", UnitKind::plain},
        {{1, "GWh"}, Op::divide, {1, "h"}, 1, "GW", UnitKind::plain},
        {{6, "CNY"}, Op::divide, {2, "CNY/t"}, 3, "t", UnitKind::plain},
        {{6, "Mt"}, Op::divide, {2, ""}, 3, "Mt", UnitKind::plain},
        {{15, "bn CNY"}, Op::divide, {5, "%"}, 300, "bn CNY", UnitKind::plain},
        {{1, ""}, Op::divide, {5, "%"}, 20, "", UnitKind::plain},
        {{5, "%"}, Op::divide, {2, ""}, 2.5, "%", UnitKind::share},
        {{5, "%"}, Op::divide, {2, "%"}, 2.5, "", UnitKind::plain},
        {{6, "%/yr"}, Op::divide, {2, "%/yr"}, 3, "", UnitKind::plain},
        {{2, "pp"}, Op::divide, {50, "%"}, 4, "pp", UnitKind::points},
        {{5, "%"}, Op::divide, {2, "Mt"}, 0.025, "1/Mt", UnitKind::plain},
    };
    for (const Case& c : cases) {
        INFO(c.a.value << " " << c.a.unit << " " << op_text(c.op) << " " << c.b.value << " "
                       << c.b.unit);
        const QuantityResult r = apply(q(c.a.value, c.a.unit), c.op, q(c.b.value, c.b.unit));
        INFO("error: " << r.error);
        REQUIRE(r.value);
        CHECK(r.error.empty());
        CHECK(r.value->in_unit() == Approx(c.value).epsilon(1e-12));
        CHECK(r.value->unit.symbol == c.symbol);
        CHECK(r.value->unit.kind == c.kind);
    }
}

TEST_CASE("arithmetic: the exact sums the design relies on", "[units]") {
    const auto sum = add(q(300, "bn CNY"), q(3000, "yi CNY"));
    REQUIRE(sum.value);
    CHECK(sum.value->base_value == 6e11);
    const auto energy_use = multiply(q(2, "kW"), q(3, "h"));
    REQUIRE(energy_use.value);
    CHECK(energy_use.value->base_value == q(6, "kWh").base_value);
    const auto difference = subtract(q(5, "%"), q(3, "%"));
    REQUIRE(difference.value);
    CHECK(format_quantity(*difference.value) == "2 pp");
    const auto level = add(q(5, "%"), q(2, "pp"));
    REQUIRE(level.value);
    CHECK(format_quantity(*level.value) == "7 %");
}

TEST_CASE("arithmetic: errors name both operands", "[units]") {
    struct Case {
        Operand a;
        Op op;
        Operand b;
        std::string_view message;
    };
    const Case cases[] = {
        {{5, "%"}, Op::add, {2, "Mt"}, "cannot add a share (%) and a mass (Mt)"},
        {{1, "Mt"}, Op::add, {300, "bn CNY"}, "cannot add a mass (Mt) and money (bn CNY)"},
        {{1, "Mt"},
         Op::subtract,
         {300, "bn CNY"},
         "cannot subtract money (bn CNY) from a mass (Mt)"},
        {{1, "CNY"}, Op::add, {1, "USD"}, "cannot add money (CNY) and money (USD)"},
        {{1, "bn CNY"},
         Op::subtract,
         {1, "EUR"},
         "cannot subtract money (EUR) from money (bn CNY)"},
        {{1, "mn USD"}, Op::add, {1, "mn EUR"}, "cannot add money (mn USD) and money (mn EUR)"},
        {{5, "%/yr"}, Op::add, {5, "%"}, "cannot add a rate (%/yr) and a share (%)"},
        {{5, "%/yr"},
         Op::subtract,
         {1, "pp"},
         "cannot subtract percentage points (pp) from a rate (%/yr)"},
        {{2, "pp"},
         Op::subtract,
         {5, "%"},
         "cannot subtract a share (%) from percentage points (pp)"},
        {{1, ""}, Op::add, {5, "%"}, "cannot add a number and a share (%)"},
        {{5, "firms"}, Op::add, {1, "Mt"}, "cannot add a count (firms) and a mass (Mt)"},
        {{1, "CNY/t"}, Op::add, {1, "t"}, "cannot add a quantity in CNY/t and a mass (t)"},
        {{1, "tce"}, Op::add, {1, "tCO2"}, "cannot add energy (tce) and emissions (tCO2)"},
        {{5, "%/yr"},
         Op::multiply,
         {3, "%/yr"},
         "cannot multiply a rate (%/yr) by a rate (%/yr): rates compound, they do not multiply"},
        {{2, "pp"},
         Op::multiply,
         {3, "pp"},
         "cannot multiply percentage points (pp) by percentage points (pp)"},
        {{2, "pp"},
         Op::multiply,
         {3, "%/yr"},
         "cannot multiply percentage points (pp) by a rate (%/yr)"},
        {{5, "%"}, Op::divide, {3, "%/yr"}, "cannot divide a share (%) by a rate (%/yr)"},
        {{5, "%/yr"},
         Op::divide,
         {3, "pp"},
         "cannot divide a rate (%/yr) by percentage points (pp)"},
    };
    for (const Case& c : cases) {
        INFO(c.a.value << " " << c.a.unit << " " << op_text(c.op) << " " << c.b.value << " "
                       << c.b.unit);
        const QuantityResult r = apply(q(c.a.value, c.a.unit), c.op, q(c.b.value, c.b.unit));
        CHECK_FALSE(r.value);
        CHECK(r.error == c.message);
    }
}

TEST_CASE("comparisons convert compatible units and refuse the rest", "[units]") {
    struct Case {
        Operand a;
        Operand b;
        int order;
    };
    const Case ordered[] = {
        {{1, "Mt"}, {1000, "kt"}, 0},       {{20, "Mt"}, {19.99, "Mt"}, 1},
        {{19.15, "Mt"}, {20, "Mt"}, -1},    {{300, "bn CNY"}, {3000, "yi CNY"}, 0},
        {{1, "wan CNY"}, {10, "k CNY"}, 0}, {{5, "%"}, {6, "pp"}, -1},
        {{3.45, "%/yr"}, {3, "% y/y"}, 1},  {{1, "kWh"}, {3.6, "MWh"}, -1},
        {{1, "tce"}, {8141, "kWh"}, 0},     {{2, "mn vehicles"}, {2000000, "units"}, 0},
    };
    for (const Case& c : ordered) {
        INFO(c.a.value << " " << c.a.unit << " <=> " << c.b.value << " " << c.b.unit);
        std::string error;
        const auto order = compare(q(c.a.value, c.a.unit), q(c.b.value, c.b.unit), error);
        REQUIRE(order);
        CHECK(*order == c.order);
        CHECK(error.empty());
    }

    const std::pair<std::pair<Operand, Operand>, std::string_view> refused[] = {
        {{{3, "%/yr"}, {3, "%"}}, "cannot compare a rate (%/yr) with a share (%)"},
        {{{3, "%"}, {3, "%/yr"}}, "cannot compare a share (%) with a rate (%/yr)"},
        {{{1, "CNY"}, {1, "USD"}}, "cannot compare money (CNY) with money (USD)"},
        {{{1, "Mt"}, {1, "bn CNY"}}, "cannot compare a mass (Mt) with money (bn CNY)"},
        {{{3, "%"}, {0.03, ""}}, "cannot compare a share (%) with a number"},
        {{{2, "pp"}, {2, "%/yr"}}, "cannot compare percentage points (pp) with a rate (%/yr)"},
    };
    for (const auto& [operands, message] : refused) {
        const auto& [a, b] = operands;
        INFO(a.value << " " << a.unit << " <=> " << b.value << " " << b.unit);
        std::string error;
        CHECK_FALSE(compare(q(a.value, a.unit), q(b.value, b.unit), error));
        CHECK(error == message);
    }

    std::string error;
    const Quantity nan{std::numeric_limits<double>::quiet_NaN(), unit("Mt")};
    CHECK_FALSE(compare(nan, q(1, "Mt"), error));
    CHECK(error == "cannot compare an undefined value (NaN)");
}

TEST_CASE("format_value: significant digits, trimmed, never cutting the integer part", "[units]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    struct Case {
        double value;
        std::string_view unit;
        int digits;
        std::string_view text;
    };
    const Case cases[] = {
        {1005.09, "Mt", 3, "1005 Mt"},
        {19.9926, "Mt", 3, "20 Mt"},
        {19.9926, "Mt", 4, "19.99 Mt"},
        {3.44828, "%/yr", 3, "3.45 %/yr"},
        {0.000123, "", 3, "0.000123"},
        {300, "bn CNY", 3, "300 bn CNY"},
        {79.19, "Mt", 3, "79.2 Mt"},
        {79.19, "Mt", 4, "79.19 Mt"},
        {0.49, "tce/wan CNY", 3, "0.49 tce/wan CNY"},
        {2.2, "%/yr", 3, "2.2 %/yr"},
        {9.996, "", 3, "10"},
        {99.96, "", 3, "100"},
        {1.0 / 3, "", 3, "0.333"},
        {2.0 / 3, "", 1, "0.7"},
        {12345.678, "", 6, "12345.7"},
        {-2.5, "%", 3, "-2.5 %"},
        {-1005.09, "Mt", 3, "-1005 Mt"},
        {-0.0004999, "", 1, "-0.0005"},
        {0, "Mt", 3, "0 Mt"},
        {-0.0, "Mt", 3, "0 Mt"},
        {42, "", 3, "42"},
        {123456789012345, "CNY", 3, "123456789012345 CNY"},
        {999999999999999, "", 3, "999999999999999"},
        {1.5e15, "CNY", 3, "1.5e15 CNY"},
        {1e15, "", 3, "1e15"},
        {1e-20, "", 3, "1e-20"},
        {inf, "Mt", 3, "∞ Mt"},
        {-inf, "%/yr", 3, "-∞ %/yr"},
        {std::numeric_limits<double>::quiet_NaN(), "Mt", 3, "NaN Mt"},
    };
    for (const Case& c : cases) {
        INFO(c.value << " " << c.unit << " with " << c.digits << " digits");
        CHECK(format_value(c.value, c.unit.empty() ? Unit{} : unit(c.unit), c.digits) == c.text);
    }
    CHECK(format_value(3.44828, rate_unit()) == "3.45 %/yr"); // three digits by default
    CHECK(format_quantity(q(300, "bn CNY")) == "300 bn CNY");
    CHECK(format_quantity(q(19.9926, "Mt"), 4) == "19.99 Mt");
}
