// ingot::apply_fixes: edits applied by byte offset, fixes taken whole and in order, overlapping
// and out-of-range fixes skipped; and the fixes an analysis offers, applied, give a text without
// the findings.
#include <ingot/ingot.hpp>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

/// A fix of one edit replacing bytes [begin, end) of "t.plan" by `replacement`.
ingot::Fix fix(std::uint32_t begin, std::uint32_t end, std::string replacement) {
    ingot::Span span{"t.plan", {begin, 1, begin + 1}, {end, 1, end + 1}};
    return {"fix", {{span, std::move(replacement)}}};
}

} // namespace

TEST_CASE("apply_fixes: edits apply by offset, whatever order the fixes come in", "[api][fixes]") {
    const std::string text = "abc def ghi";
    const auto r = ingot::apply_fixes(text, {fix(8, 11, "GHI"), fix(0, 3, "A"), fix(4, 4, "+")});
    CHECK(r.text == "A +def GHI");
    CHECK(r.applied == std::vector<std::size_t>{0, 1, 2});
    CHECK(r.skipped.empty());
}

TEST_CASE("apply_fixes: a fix overlapping one already taken is skipped whole", "[api][fixes]") {
    const std::string text = "0123456789";
    SECTION("shared bytes") {
        const auto r = ingot::apply_fixes(text, {fix(2, 5, "x"), fix(4, 6, "y")});
        CHECK(r.text == "01x56789");
        CHECK(r.applied == std::vector<std::size_t>{0});
        CHECK(r.skipped == std::vector<std::size_t>{1});
    }
    SECTION("an insertion inside a replaced range") {
        const auto r = ingot::apply_fixes(text, {fix(2, 5, "x"), fix(3, 3, "y")});
        CHECK(r.text == "01x56789");
        CHECK(r.skipped == std::vector<std::size_t>{1});
    }
    SECTION("two insertions at one offset: the first wins") {
        const auto r = ingot::apply_fixes(text, {fix(3, 3, "a"), fix(3, 3, "b")});
        CHECK(r.text == "012a3456789");
        CHECK(r.skipped == std::vector<std::size_t>{1});
    }
    SECTION("edits that only touch are both taken") {
        const auto r = ingot::apply_fixes(text, {fix(2, 4, "x"), fix(4, 6, "y")});
        CHECK(r.text == "01xy6789");
        CHECK(r.applied == std::vector<std::size_t>{0, 1});
    }
    SECTION("a fix of two edits is not half applied") {
        ingot::Fix two = fix(0, 1, "A");
        two.edits.push_back(fix(5, 6, "F").edits[0]);
        const auto r = ingot::apply_fixes(text, {fix(5, 7, "z"), two});
        CHECK(r.text == "01234z789");
        CHECK(r.skipped == std::vector<std::size_t>{1});
    }
}

TEST_CASE("apply_fixes: a fix out of range or without edits is skipped", "[api][fixes]") {
    const std::string text = "abc";
    const auto r =
        ingot::apply_fixes(text, {fix(2, 4, "x"), fix(2, 1, "y"), ingot::Fix{"none", {}}});
    CHECK(r.text == "abc");
    CHECK(r.applied.empty());
    CHECK(r.skipped == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("apply_fixes: the fixes of an analysis remove its findings", "[api][fixes]") {
    const std::string text = "plan p {\n"
                             "  period 2025..2026\n"
                             "  source A \"u\"\n"
                             "  target t: valu_added grows 5 %/yr  [A]\n"
                             "}\n";
    ingot::Workspace ws(ingot::Engine{});
    ws.set_source("t.plan", text);
    const ingot::Analysis before = ws.analyze();
    std::vector<ingot::Fix> fixes;
    for (const ingot::Diagnostic& d : before.diagnostics()) {
        fixes.insert(fixes.end(), d.fixes.begin(), d.fixes.end());
    }
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].title == "replace `valu_added` with `value_added`");
    const auto r = ingot::apply_fixes(text, fixes);
    CHECK(r.text == "plan p {\n"
                    "  period 2025..2026\n"
                    "  source A \"u\"\n"
                    "  target t: value_added grows 5 %/yr  [A]\n"
                    "}\n");
    ws.set_source("t.plan", r.text);
    CHECK(ws.analyze().diagnostics().empty());
}
