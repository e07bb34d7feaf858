// `ingot report PATH… -o FILE`: the page written whole, or an error naming what went wrong.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

const std::string plans = "plans/building-materials-2025.plan plans/nonferrous-2025.plan "
                          "plans/steel-2025.plan";

std::size_t files_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("ingot report writes the page of the plans given", "[cli][html-report]") {
    test::TempDir dir;
    const fs::path page = dir.path() / "report.html";
    const auto r = test::run_ingot("report " + plans + " -o '" + page.string() + "'");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
    const std::string html = test::read_text(page);
    CHECK(html.starts_with("<!DOCTYPE html>\n"));
    CHECK(html.find("<h1>Ingot report: building_materials_2025, nonferrous_2025 and "
                    "steel_2025</h1>") != std::string::npos);
    // The findings are check --implied's: the implied values are among them.
    CHECK(html.find("<code>[implied]</code>") != std::string::npos);

    // -o - writes to standard output, the same page; --title sets its heading.
    const auto out = test::run_ingot("report " + plans + " -o -");
    CHECK(out.exit_code == 0);
    CHECK(out.out == html);
    const auto titled = test::run_ingot("report --title 'Stable growth & more' " + plans + " -o -");
    CHECK(titled.out.find("<h1>Stable growth &amp; more</h1>") != std::string::npos);

    // A second run replaces the file whole, and leaves no temporary file beside it.
    const auto again =
        test::run_ingot("report --plan steel_2025 " + plans + " -o '" + page.string() + "'");
    CHECK(again.exit_code == 0);
    CHECK(test::read_text(page).find("<h1>Ingot report: steel_2025</h1>") != std::string::npos);
    CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("ingot report without -o, or with a file it cannot write, is a usage error",
          "[cli][html-report]") {
    const auto missing = test::run_ingot("report " + plans);
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.empty());
    CHECK(missing.err.find("--output is required") != std::string::npos);

    test::TempDir dir;
    const auto nowhere = test::run_ingot("report " + plans + " -o '" +
                                         (dir.path() / "no/such/folder/r.html").string() + "'");
    CHECK(nowhere.exit_code == 2);
    CHECK(nowhere.err == "ingot: error: cannot write `" +
                             (dir.path() / "no/such/folder/r.html").string() +
                             "`: No such file or directory\n");
    const auto folder = test::run_ingot("report " + plans + " -o '" + dir.path().string() + "'");
    CHECK(folder.exit_code == 2);
    CHECK(folder.err ==
          "ingot: error: cannot write `" + dir.path().string() + "`: it is a folder\n");
    CHECK(files_in(dir.path()) == 0);

    const auto unknown = test::run_ingot("report --plan 'copper_*' " + plans + " -o -");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.empty());
}
